/** The shape of a billing account (kept apart from account.ts so pure code can use it without bindings). */
import type { BillingCycle, Currency, Plan, PlanId } from "./plans";

export interface BillingAccount {
  workspaceId: string;
  planId: PlanId;
  /** The plan with enterprise terms applied: what limits and bills this workspace. */
  plan: Plan;
  cycle: BillingCycle;
  currency: Currency;
  periodStart: string;
  periodEnd: string;
  pending: { plan: PlanId; cycle: BillingCycle; effectiveAt: string } | null;
  overrides: Record<string, unknown> | null;
}
