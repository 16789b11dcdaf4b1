/**
 * The system of record in D1. Every tenant-owned table carries `workspace_id` and an index
 * that leads with it, so every query a workspace makes stays inside its own slice.
 * Times are ISO 8601 UTC strings; ids are prefixed and time-sortable (see lib/ids.ts).
 */

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => text("created_at").notNull();

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  personalWorkspaceId: text("personal_workspace_id").notNull(),
  createdAt: createdAt(),
});

/** How a user proves who they are: a password hash, or a subject at an SSO issuer. */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["password", "sso"] }).notNull(),
    /** PBKDF2 record for passwords (`pbkdf2-sha256$iterations$salt$hash`), issuer for SSO. */
    secret: text("secret").notNull(),
    /** SSO subject (`sub`); empty for passwords. */
    subject: text("subject").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credentials_user_kind_subject").on(t.userId, t.kind, t.subject)],
);

/** Opaque refresh tokens, stored as SHA-256; one family per login, rotated on every use. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: text("expires_at").notNull(),
    rotatedAt: text("rotated_at"),
    replacedBy: text("replaced_by"),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("refresh_tokens_family").on(t.familyId)],
);

export const workspaces = sqliteTable("workspaces", {
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
}, (t) => [index("workspaces_deletes_at").on(t.deletesAt)]);

export const memberships = sqliteTable(
  "memberships",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("projects_workspace").on(t.workspaceId, t.createdAt)],
);

/** One unit of work through one or more of the four stages. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    kind: text("kind", { enum: ["transcription", "diagram", "video", "pipeline"] }).notNull(),
    /** JSON array of the stages this job runs, in order. */
    stages: text("stages", { mode: "json" }).$type<string[]>().notNull(),
    stage: text("stage"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "canceled"] }).notNull(),
    progress: real("progress").notNull().default(0),
    etaSeconds: integer("eta_seconds"),
    currentOperation: text("current_operation"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    /** Options the job was created with (validated JSON). */
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    batchId: text("batch_id"),
    attempts: integer("attempts").notNull().default(0),
    /** Resumable progress of the current stage, e.g. `{ "chunksDone": 3 }` for transcription. */
    checkpoint: text("checkpoint", { mode: "json" }).$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    index("jobs_workspace_created").on(t.workspaceId, t.createdAt),
    index("jobs_workspace_status").on(t.workspaceId, t.status, t.createdAt),
    index("jobs_workspace_project").on(t.workspaceId, t.projectId, t.createdAt),
    index("jobs_batch").on(t.workspaceId, t.batchId),
    uniqueIndex("jobs_workspace_idempotency").on(t.workspaceId, t.idempotencyKey),
  ],
);

/** Every stored object in R2 that belongs to a job; the storage quota sums `size` here. */
export const artifacts = sqliteTable(
  "artifacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    name: text("name").notNull(),
    r2Key: text("r2_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("artifacts_job_name").on(t.jobId, t.name),
    index("artifacts_workspace").on(t.workspaceId, t.createdAt),
    // Covers SUM(size) for the storage quota (migration 0006_quota_triggers).
    index("artifacts_workspace_size").on(t.workspaceId, t.size),
  ],
);

/** A finished transcript; the full text with timings is `transcript.json` in R2. */
export const transcripts = sqliteTable(
  "transcripts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull().unique(),
    projectId: text("project_id"),
    language: text("language").notNull(),
    engine: text("engine").notNull(),
    engineVersion: text("engine_version").notNull(),
    durationSeconds: real("duration_seconds").notNull(),
    segmentCount: integer("segment_count").notNull(),
    wordCount: integer("word_count").notNull(),
    /** The first few hundred characters, for lists. */
    preview: text("preview").notNull(),
    r2Key: text("r2_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("transcripts_workspace").on(t.workspaceId, t.createdAt)],
);

/** A diagram: its DiagramData, SVG and Mermaid live in R2 under `ws/{workspaceId}/diagrams/{id}/`. */
export const diagrams = sqliteTable(
  "diagrams",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull().unique(),
    transcriptId: text("transcript_id"),
    projectId: text("project_id"),
    type: text("type").notNull(),
    title: text("title").notNull(),
    language: text("language").notNull(),
    /** How the type was chosen: confidence, ranked alternatives and the cues that decided. */
    detection: text("detection", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Render options (theme, direction, maxNodes). */
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Bumped by every edit, so caches and clients can tell versions apart. */
    revision: integer("revision").notNull().default(1),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("diagrams_workspace").on(t.workspaceId, t.createdAt)],
);

/** A batch of up to 100 creation requests; its jobs carry its id, refused items are kept here. */
export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** One entry per submitted item: its kind and either the job id or why it was refused. */
    items: text("items", { mode: "json" }).$type<{ index: number; kind: string; jobId?: string; error?: { status: number; code: string; message: string } }[]>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("batches_workspace").on(t.workspaceId, t.createdAt)],
);

/** The usage ledger: one row per metered event; the event id makes recording idempotent. */
export const usageEvents = sqliteTable(
  "usage_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id"),
    meter: text("meter").notNull(),
    quantity: real("quantity").notNull(),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [index("usage_workspace_meter").on(t.workspaceId, t.meter, t.occurredAt), index("usage_workspace_occurred").on(t.workspaceId, t.occurredAt)],
);


/**
 * Idempotency keys of POST requests that create work, kept 24 h per workspace. The fingerprint
 * is the SHA-256 of the request body (multipart boundaries removed), so a retry with another
 * body is told apart from a replay.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    fingerprint: text("fingerprint"),
    status: text("status", { enum: ["in_progress", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    responseLocation: text("response_location"),
    createdAt: createdAt(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] }), index("idempotency_expires").on(t.expiresAt)],
);

/** One row per webhook delivery attempt, shown on the job. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    /** The Standard Webhooks message id; the same for every attempt of one event. */
    messageId: text("message_id").notNull(),
    event: text("event").notNull(),
    url: text("url").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_deliveries_job").on(t.workspaceId, t.jobId, t.createdAt)],
);

/** A workspace's custom operations dashboard: an ordered list of panels (metric, chart, time range). */
export const dashboards = sqliteTable(
  "dashboards",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    panels: text("panels", { mode: "json" }).$type<{ id: string; title: string; metric: string; chart: string; rangeSeconds: number }[]>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("dashboards_workspace").on(t.workspaceId, t.createdAt)],
);

/** A workspace's own role: a named subset of the permission vocabulary (JSON array of names). */
export const customRoles = sqliteTable(
  "custom_roles",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    permissions: text("permissions", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("custom_roles_workspace_name").on(t.workspaceId, t.name)],
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

/** Where a tenant alert is sent: email, Slack incoming webhook, SMS, or a signed generic webhook. */
export const alertChannels = sqliteTable(
  "alert_channels",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["email", "slack", "sms", "webhook"] }).notNull(),
    /** `{ "to": … }` for email and SMS, `{ "url": … }` for Slack and webhooks. */
    target: text("target", { mode: "json" }).$type<{ to?: string; url?: string }>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("alert_channels_workspace").on(t.workspaceId, t.createdAt)],
);

/** A threshold on one of the workspace's own figures, with its escalation steps folded in. */
export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    metric: text("metric", { enum: ["job_failure_rate", "quota_use_percent", "spend_usd", "queue_wait_seconds"] }).notNull(),
    threshold: real("threshold").notNull(),
    windowMinutes: integer("window_minutes").notNull(),
    /** Failure rate only: fewer finished jobs than this in the window never fire. */
    minJobs: integer("min_jobs").notNull().default(1),
    /** Escalation: step 0 is notified at once, each next step after the previous step's wait. */
    steps: text("steps", { mode: "json" }).$type<{ channelIds: string[]; waitMinutes: number }[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("alert_rules_workspace").on(t.workspaceId, t.createdAt), index("alert_rules_enabled").on(t.enabled, t.workspaceId)],
);

/** A rule that fired: open until acknowledged or resolved; at most one unresolved per rule. */
export const alertIncidents = sqliteTable(
  "alert_incidents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    status: text("status", { enum: ["open", "acknowledged", "resolved"] }).notNull(),
    metric: text("metric").notNull(),
    value: real("value").notNull(),
    threshold: real("threshold").notNull(),
    /** The escalation step notified last. */
    step: integer("step").notNull().default(0),
    openedAt: text("opened_at").notNull(),
    acknowledgedAt: text("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: text("resolved_at"),
    resolvedBy: text("resolved_by"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("alert_incidents_workspace").on(t.workspaceId, t.openedAt),
    uniqueIndex("alert_incidents_one_open_per_rule").on(t.workspaceId, t.ruleId).where(sql`${t.resolvedAt} is null`),
  ],
);

/** One row per notification sent (or attempted) for an incident, with the delivery result. */
export const alertNotifications = sqliteTable(
  "alert_notifications",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    incidentId: text("incident_id").notNull(),
    channelId: text("channel_id").notNull(),
    step: integer("step").notNull(),
    kind: text("kind").notNull(),
    status: text("status", { enum: ["delivered", "failed"] }).notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [
    index("alert_notifications_workspace").on(t.workspaceId, t.createdAt),
    index("alert_notifications_incident").on(t.workspaceId, t.incidentId, t.createdAt),
  ],
);

/** A workspace export (backup): NDJSON per table and an R2 manifest under `ws/{id}/exports/{exportId}/`. */
export const workspaceExports = sqliteTable(
  "workspace_exports",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["running", "succeeded", "failed"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "scheduled"] }).notNull(),
    rowCount: integer("row_count").notNull().default(0),
    objectCount: integer("object_count").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    manifestSha256: text("manifest_sha256"),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("workspace_exports_workspace").on(t.workspaceId, t.createdAt), index("workspace_exports_trigger").on(t.workspaceId, t.trigger, t.createdAt)],
);

/** Invitations to a workspace: a single-use token (only its SHA-256 kept) with an expiry. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    subjectType: text("subject_type", { enum: ["project", "diagram"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_subject").on(t.workspaceId, t.subjectType, t.subjectId, t.id)],
);

/**
 * A workspace's billing state (1:1 with workspaces; `workspaces.plan` holds the plan itself). The
 * two limits are copies of the plan's, kept here so that the D1 triggers of migration 0006_quota_triggers refuse
 * an artifact or project over the quota atomically; NULL means unlimited.
 */
export const workspaceBilling = sqliteTable("workspace_billing", {
  workspaceId: text("workspace_id").primaryKey().references(() => workspaces.id, { onDelete: "cascade" }),
  billingCycle: text("billing_cycle", { enum: ["monthly", "annual"] }).notNull().default("monthly"),
  currency: text("currency", { enum: ["usd", "jpy"] }).notNull().default("usd"),
  /** Start of the current billing period (monthly or annual). */
  periodStart: text("period_start").notNull(),
  /** A downgrade waiting for the end of the period. */
  pendingPlan: text("pending_plan"),
  pendingCycle: text("pending_cycle", { enum: ["monthly", "annual"] }),
  /** Enterprise contract terms that replace plan values (JSON, see workers/billing/plans.ts). */
  planOverrides: text("plan_overrides", { mode: "json" }).$type<Record<string, unknown>>(),
  storageLimitBytes: integer("storage_limit_bytes"),
  projectLimit: integer("project_limit"),
  updatedAt: text("updated_at").notNull(),
});

/** Fixed charges and credits of a workspace (plan fees, proration), in integer minor units. */
export const billingCharges = sqliteTable(
  "billing_charges",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["plan_fee", "proration_credit", "proration_charge"] }).notNull(),
    description: text("description").notNull(),
    currency: text("currency", { enum: ["usd", "jpy"] }).notNull(),
    amountMinor: integer("amount_minor").notNull(),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [index("billing_charges_workspace").on(t.workspaceId, t.occurredAt)],
);

/**
 * A job stage whose queue message used up its retries and reached the dead-letter queue. An
 * operator lists them (across workspaces) and replays one, which queues the stage again.
 */
export const deadJobs = sqliteTable(
  "dead_jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    stage: text("stage").notNull(),
    reason: text("reason").notNull(),
    deliveries: integer("deliveries").notNull(),
    deadAt: text("dead_at").notNull(),
    replayedAt: text("replayed_at"),
  },
  (t) => [index("dead_jobs_workspace").on(t.workspaceId, t.deadAt), index("dead_jobs_pending").on(t.replayedAt, t.id)],
);
