/**
 * A workspace's billing account: plan, cycle, currency, current period and pending change. The
 * period rolls over lazily when the account is read (and on the cron), applying a pending
 * downgrade at the boundary and charging each new period's fee under an id derived from the
 * period, so a rollover done twice charges once.
 */
import { auditBody } from "../audit/record";
import { auditOutboxStatement, kickOutbox } from "../events/outbox";
import { isoNow } from "../lib/time";
import type { BillingAccount } from "./account-types";
import { effectivePlan } from "./overrides";
import { periodEnd } from "./periods";
import { type BillingCycle, type Currency, gbToBytes, type Plan, type PlanId } from "./plans";

export type { BillingAccount } from "./account-types";

interface AccountRow {
  plan: string;
  created_at: string;
  billing_cycle: BillingCycle | null;
  currency: Currency | null;
  period_start: string | null;
  pending_plan: PlanId | null;
  pending_cycle: BillingCycle | null;
  plan_overrides: string | null;
}

/** The columns the D1 triggers read, for a plan: storage bytes and project count (NULL = unlimited). */
export function limitColumns(plan: Plan): { storageLimitBytes: number; projectLimit: number | null } {
  return { storageLimitBytes: gbToBytes(plan.limits.maxStorageGB), projectLimit: plan.limits.maxProjects };
}

/** The fee charge of the period starting at `periodStart`; its id makes it unique per period. */
export function periodFeeStatement(
  env: Pick<Env, "DB">,
  workspaceId: string,
  plan: Plan,
  cycle: BillingCycle,
  currency: Currency,
  periodStart: string,
): D1PreparedStatement {
  const amount = plan.prices[currency][cycle];
  return env.DB.prepare(
    "INSERT OR IGNORE INTO billing_charges (id, workspace_id, kind, description, currency, amount_minor, occurred_at) VALUES (?, ?, 'plan_fee', ?, ?, ?, ?)",
  ).bind(
    `chg_fee_${workspaceId}_${Date.parse(periodStart)}`,
    workspaceId,
    `${plan.name} plan, ${cycle}`,
    currency,
    amount,
    periodStart,
  );
}

/** Writes (or rewrites) the billing row with the limits of `plan`. */
export function upsertBillingStatement(
  env: Pick<Env, "DB">,
  workspaceId: string,
  state: {
    cycle: BillingCycle;
    currency: Currency;
    periodStart: string;
    pendingPlan: PlanId | null;
    pendingCycle: BillingCycle | null;
    plan: Plan;
  },
): D1PreparedStatement {
  const limits = limitColumns(state.plan);
  return env.DB.prepare(
    `INSERT INTO workspace_billing (workspace_id, billing_cycle, currency, period_start, pending_plan, pending_cycle, storage_limit_bytes, project_limit, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id) DO UPDATE SET billing_cycle = excluded.billing_cycle, currency = excluded.currency, period_start = excluded.period_start,
       pending_plan = excluded.pending_plan, pending_cycle = excluded.pending_cycle, storage_limit_bytes = excluded.storage_limit_bytes,
       project_limit = excluded.project_limit, updated_at = excluded.updated_at`,
  ).bind(
    workspaceId,
    state.cycle,
    state.currency,
    state.periodStart,
    state.pendingPlan,
    state.pendingCycle,
    limits.storageLimitBytes,
    limits.projectLimit,
    isoNow(),
  );
}

function toAccount(workspaceId: string, row: AccountRow): BillingAccount {
  const cycle = row.billing_cycle ?? "monthly";
  const currency = row.currency ?? "usd";
  const periodStart = row.period_start ?? row.created_at;
  const overrides = row.plan_overrides ? (JSON.parse(row.plan_overrides) as Record<string, unknown>) : null;
  const plan = effectivePlan(row.plan, currency, overrides);
  const end = periodEnd(periodStart, cycle);
  return {
    workspaceId,
    planId: plan.id,
    plan,
    cycle,
    currency,
    periodStart,
    periodEnd: end,
    pending: row.pending_plan ? { plan: row.pending_plan, cycle: row.pending_cycle ?? cycle, effectiveAt: end } : null,
    overrides,
  };
}

async function readAccountRow(env: Pick<Env, "DB">, workspaceId: string): Promise<AccountRow | null> {
  return env.DB.prepare(
    `SELECT w.plan, w.created_at, b.billing_cycle, b.currency, b.period_start, b.pending_plan, b.pending_cycle, b.plan_overrides
     FROM workspaces w LEFT JOIN workspace_billing b ON b.workspace_id = w.id WHERE w.id = ?`,
  )
    .bind(workspaceId)
    .first<AccountRow>();
}

/** The account as of `now`, rolled over to the period that contains `now`; undefined for no workspace. */
export async function loadBillingAccount(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  workspaceId: string,
  now = isoNow(),
): Promise<BillingAccount | undefined> {
  const row = await readAccountRow(env, workspaceId);
  if (!row) return undefined;
  const account = toAccount(workspaceId, row);
  return account.periodEnd <= now ? rollOver(env, account, now) : account;
}

/** The billing row as the account stands, unless there is one already (untouched free workspaces have none). */
function ensureRowStatement(env: Pick<Env, "DB">, account: BillingAccount): D1PreparedStatement {
  const limits = limitColumns(account.plan);
  return env.DB.prepare(
    `INSERT OR IGNORE INTO workspace_billing (workspace_id, billing_cycle, currency, period_start, pending_plan, pending_cycle, storage_limit_bytes, project_limit, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).bind(
    account.workspaceId,
    account.cycle,
    account.currency,
    account.periodStart,
    account.pending?.plan ?? null,
    account.pending?.cycle ?? null,
    limits.storageLimitBytes,
    limits.projectLimit,
    isoNow(),
  );
}

/** Advances the account period by period up to `now`, applying a pending change at the first boundary. */
async function rollOver(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  account: BillingAccount,
  now: string,
): Promise<BillingAccount> {
  const next = account.pending ?? { plan: account.planId, cycle: account.cycle };
  const plan = effectivePlan(next.plan, account.currency, account.overrides);
  const fees: D1PreparedStatement[] = [];
  let start = account.periodStart;
  let cycle = account.cycle;
  while (periodEnd(start, cycle) <= now) {
    // The first boundary ends the old period; the periods after it follow the new cycle.
    start = periodEnd(start, cycle);
    cycle = next.cycle;
    if (plan.prices[account.currency][cycle] > 0)
      fees.push(periodFeeStatement(env, account.workspaceId, plan, cycle, account.currency, start));
  }
  const limits = limitColumns(plan);
  const applied = {
    action: "billing.plan_changed",
    target: { type: "workspace", id: account.workspaceId },
    before: { plan: account.planId, cycle: account.cycle },
    after: { plan: next.plan, cycle: next.cycle, reason: "scheduled change applied at the end of the period" },
  };
  await env.DB.batch([
    ensureRowStatement(env, account),
    // Only the rollover that still sees the old period moves it; a concurrent one changes nothing.
    env.DB.prepare(
      `UPDATE workspace_billing SET period_start = ?, billing_cycle = ?, pending_plan = NULL, pending_cycle = NULL, storage_limit_bytes = ?, project_limit = ?, updated_at = ?
       WHERE workspace_id = ? AND period_start = ?`,
    ).bind(start, cycle, limits.storageLimitBytes, limits.projectLimit, now, account.workspaceId, account.periodStart),
    // A pending change applied is recorded by the rollover that moved the period, and only by it.
    ...(account.pending
      ? [
          auditOutboxStatement(
            env,
            account.workspaceId,
            auditBody(account.workspaceId, { type: "system", id: "billing" }, [applied]),
            { guarded: true },
          ),
        ]
      : []),
    env.DB.prepare("UPDATE workspaces SET plan = ?, updated_at = ? WHERE id = ? AND plan <> ?").bind(
      next.plan,
      now,
      account.workspaceId,
      next.plan,
    ),
    ...fees,
  ]);
  if (account.pending) await kickOutbox(env, account.workspaceId);
  const row = await readAccountRow(env, account.workspaceId);
  return row ? toAccount(account.workspaceId, row) : account;
}

/** Rolls over every account whose period ended (the cron's part; reads do it lazily too). */
export async function rollOverDueAccounts(env: Pick<Env, "DB" | "WORKSPACE_HUB">, now = isoNow()): Promise<number> {
  const { results } = await env.DB.prepare(
    "SELECT workspace_id FROM workspace_billing WHERE pending_plan IS NOT NULL OR period_start < ? LIMIT 500",
  )
    .bind(isoNow(Date.parse(now) - 27 * 86_400_000))
    .all<{ workspace_id: string }>();
  let rolled = 0;
  for (const { workspace_id } of results) {
    const before = await readAccountRow(env, workspace_id);
    if (!before) continue;
    const account = toAccount(workspace_id, before);
    if (account.periodEnd <= now) {
      await rollOver(env, account, now);
      rolled++;
    }
  }
  return rolled;
}
