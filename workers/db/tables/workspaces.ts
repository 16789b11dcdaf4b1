/** Workspaces and what belongs to the team: members, roles, keys, projects, invitations, comments, the glossary, dashboards, the audit log. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt } from "./columns";

export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["personal", "team"] }).notNull(),
    plan: text("plan").notNull().default("free"),
    /** Standard Webhooks signing secret (`whsec_…`) for this workspace's job webhooks. */
    webhookSecret: text("webhook_secret"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    /** Validated defaults for new work (workers/workspaces/settings.ts). */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Set while a deletion waits out its grace period; the cron purges the workspace at `deletesAt`. */
    deletionScheduledAt: text("deletion_scheduled_at"),
    deletionScheduledBy: text("deletion_scheduled_by"),
    deletesAt: text("deletes_at"),
  },
  (t) => [index("workspaces_deletes_at").on(t.deletesAt)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    invitedAt: text("invited_at"),
    lastActiveAt: text("last_active_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index("memberships_user").on(t.userId),
    // Exactly one owner: the database refuses a second; the member routes refuse removing the last.
    uniqueIndex("memberships_one_owner").on(t.workspaceId).where(sql`${t.role} = 'owner'`),
  ],
);

/** Workspace API keys: the secret is shown once; only its SHA-256 and a visible prefix are kept. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    role: text("role").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_workspace").on(t.workspaceId, t.createdAt)],
);

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("projects_workspace").on(t.workspaceId, t.createdAt)],
);

/** A workspace's own role: a named subset of the permission vocabulary (JSON array of names). */
export const customRoles = sqliteTable(
  "custom_roles",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    permissions: text("permissions", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("custom_roles_workspace_name").on(t.workspaceId, t.name)],
);

/** Invitations to a workspace: a single-use token (only its SHA-256 kept) with an expiry. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Normalised (lower case); the accepting user's email must match. */
    email: text("email").notNull(),
    /** A built-in role name or a custom role id of this workspace. */
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: ["pending", "accepted", "declined", "revoked", "expired"] }).notNull(),
    invitedBy: text("invited_by").notNull(),
    createdAt: createdAt(),
    /** When the current token was sent (a resend replaces the token). */
    sentAt: text("sent_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    respondedAt: text("responded_at"),
    respondedBy: text("responded_by"),
  },
  (t) => [
    index("invitations_workspace").on(t.workspaceId, t.status, t.id),
    uniqueIndex("invitations_one_pending").on(t.workspaceId, t.email).where(sql`${t.status} = 'pending'`),
  ],
);

/** Mail written locally instead of sent (no `send_email` binding configured): the dev/test outbox. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    /** The one link the message asks the reader to follow (e.g. accept an invitation). */
    actionUrl: text("action_url"),
    /** The record the message is about, e.g. an invitation id. */
    relatedId: text("related_id"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_workspace").on(t.workspaceId, t.relatedId, t.id)],
);

/** Comments on a project or a diagram. */
export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    subjectType: text("subject_type", { enum: ["project", "diagram"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_subject").on(t.workspaceId, t.subjectType, t.subjectId, t.id)],
);

/**
 * A workspace's glossary: the terms its recordings use (product names, people, jargon), each with
 * the forms a speaker or an engine may give it. Fed to whisper as its prompt and matched onto
 * every transcript (workers/transcripts/glossary-correction.ts). `key` is the term folded for
 * uniqueness (NFKC, lower case), so "Zukai" and "ZUKAI" are one term.
 */
export const glossaryTerms = sqliteTable(
  "glossary_terms",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    term: text("term").notNull(),
    key: text("key").notNull(),
    /** How it is said or misheard ("zoo kai"), or its reading in kana (ずかい). */
    spokenForms: text("spoken_forms", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("glossary_terms_workspace_key").on(t.workspaceId, t.key)],
);

/** A workspace's custom operations dashboard: an ordered list of panels (metric, chart, time range). */
export const dashboards = sqliteTable(
  "dashboards",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    panels: text("panels", { mode: "json" })
      .$type<{ id: string; title: string; metric: string; chart: string; rangeSeconds: number }[]>()
      .notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("dashboards_workspace").on(t.workspaceId, t.createdAt)],
);

/**
 * The append-only, hash-chained audit log. Rows are written only by the workspace's WorkspaceHub
 * (which orders them by `seq`). No foreign key to workspaces: the record outlives a deleted workspace.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    seq: integer("seq").notNull(),
    at: text("at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    beforeJson: text("before_json"),
    afterJson: text("after_json"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_log_workspace_seq").on(t.workspaceId, t.seq),
    index("audit_log_workspace_action").on(t.workspaceId, t.action, t.seq),
    index("audit_log_workspace_actor").on(t.workspaceId, t.actorId, t.seq),
    index("audit_log_workspace_target").on(t.workspaceId, t.targetId, t.seq),
  ],
);
