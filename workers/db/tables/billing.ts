/** Metering and billing: the usage ledger, each workspace's plan and its fixed charges. */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces";

/**
 * The usage ledger: one row per metered event; the event id makes recording idempotent. The key is
 * (workspace, id), so an id derived from a job can never be claimed from another workspace.
 */
export const usageEvents = sqliteTable(
  "usage_events",
  {
    id: text("id").notNull(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id"),
    meter: text("meter").notNull(),
    quantity: real("quantity").notNull(),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("usage_workspace_meter").on(t.workspaceId, t.meter, t.occurredAt),
    index("usage_workspace_occurred").on(t.workspaceId, t.occurredAt),
    index("usage_workspace_job").on(t.workspaceId, t.jobId, t.meter),
  ],
);

/**
 * What admitted work will use of a capped monthly allowance until its usage is metered (see
 * workers/quotas/allowance-holds.ts); the trigger of migration 0007_usage_ids refuses a hold over the cap.
 */
export const usageHolds = sqliteTable(
  "usage_holds",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    meter: text("meter").notNull(),
    quantityMilli: integer("quantity_milli").notNull(),
    capMilli: integer("cap_milli").notNull(),
    monthFrom: text("month_from").notNull(),
    monthTo: text("month_to").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.jobId, t.meter] }),
    index("usage_holds_workspace_month").on(t.workspaceId, t.meter, t.monthFrom),
  ],
);

/**
 * A workspace's billing state (1:1 with workspaces; `workspaces.plan` holds the plan itself). The
 * two limits are copies of the plan's, kept here so that the D1 triggers of migration 0006_quota_triggers refuse
 * an artifact or project over the quota atomically; NULL means unlimited.
 */
export const workspaceBilling = sqliteTable("workspace_billing", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  billingCycle: text("billing_cycle", { enum: ["monthly", "annual"] })
    .notNull()
    .default("monthly"),
  currency: text("currency", { enum: ["usd", "jpy"] })
    .notNull()
    .default("usd"),
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
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["plan_fee", "proration_credit", "proration_charge"] }).notNull(),
    description: text("description").notNull(),
    currency: text("currency", { enum: ["usd", "jpy"] }).notNull(),
    amountMinor: integer("amount_minor").notNull(),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [index("billing_charges_workspace").on(t.workspaceId, t.occurredAt)],
);
