/** Tenant alerting (channels, rules, incidents, notifications) and workspace exports. */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { workspaces } from "./workspaces";

/** Where a tenant alert is sent: email, Slack incoming webhook, SMS, or a signed generic webhook. */
export const alertChannels = sqliteTable(
  "alert_channels",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    metric: text("metric", {
      enum: ["job_failure_rate", "quota_use_percent", "spend_usd", "queue_wait_seconds"],
    }).notNull(),
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
  (t) => [
    index("alert_rules_workspace").on(t.workspaceId, t.createdAt),
    index("alert_rules_enabled").on(t.enabled, t.workspaceId),
  ],
);

/** A rule that fired: open until acknowledged or resolved; at most one unresolved per rule. */
export const alertIncidents = sqliteTable(
  "alert_incidents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
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
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
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
  (t) => [
    index("workspace_exports_workspace").on(t.workspaceId, t.createdAt),
    index("workspace_exports_trigger").on(t.workspaceId, t.trigger, t.createdAt),
  ],
);
