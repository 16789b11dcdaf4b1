/**
 * Putting a workspace on the enterprise plan with its contract terms: an operator action
 * (`PUT /api/v1/admin/workspaces/{id}/enterprise-terms`), not something a workspace can do to itself.
 * Moving onto enterprise starts the contract's first period now and charges its fee; later calls
 * only change the terms. The limits the D1 triggers read are written in the same batch.
 */
import { notFound } from "../lib/errors";
import { isoNow } from "../lib/time";
import { limitColumns, loadBillingAccount, periodFeeStatement } from "./account";
import { effectivePlan, PlanOverrides } from "./overrides";
import type { BillingCycle, Currency } from "./plans";

/** What the workspace's contract now is. */
export interface EnterpriseAccount {
  workspaceId: string;
  plan: "enterprise";
  cycle: BillingCycle;
  currency: Currency;
  periodStart: string;
  terms: PlanOverrides;
}

/** Moves the workspace to enterprise under `terms` (validated; throws a ZodError on bad terms); 404 for no workspace. */
export async function setEnterpriseTerms(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  workspaceId: string,
  terms: PlanOverrides,
  contract: { cycle?: BillingCycle; currency?: Currency } = {},
): Promise<EnterpriseAccount> {
  const overrides = PlanOverrides.parse(terms);
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) throw notFound("workspace");
  const now = isoNow();
  const starting = account.planId !== "enterprise";
  const cycle = starting ? (contract.cycle ?? "monthly") : account.cycle;
  const currency = starting ? (contract.currency ?? account.currency) : account.currency;
  const periodStart = starting ? now : account.periodStart;
  const plan = effectivePlan("enterprise", currency, overrides);
  const limits = limitColumns(plan);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO workspace_billing (workspace_id, billing_cycle, currency, period_start, plan_overrides, storage_limit_bytes, project_limit, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET billing_cycle = excluded.billing_cycle, currency = excluded.currency, period_start = excluded.period_start,
         plan_overrides = excluded.plan_overrides, storage_limit_bytes = excluded.storage_limit_bytes, project_limit = excluded.project_limit,
         pending_plan = NULL, pending_cycle = NULL, updated_at = excluded.updated_at`,
    ).bind(
      workspaceId,
      cycle,
      currency,
      periodStart,
      JSON.stringify(overrides),
      limits.storageLimitBytes,
      limits.projectLimit,
      now,
    ),
    env.DB.prepare("UPDATE workspaces SET plan = 'enterprise', updated_at = ? WHERE id = ?").bind(now, workspaceId),
    ...(starting && plan.prices[currency][cycle] > 0
      ? [periodFeeStatement(env, workspaceId, plan, cycle, currency, periodStart)]
      : []),
  ]);
  return { workspaceId, plan: "enterprise", cycle, currency, periodStart, terms: overrides };
}
