/**
 * Changing a workspace's plan. An upgrade applies at once: the unused part of the old fee is
 * credited and the new plan is charged for the rest of the period (both prorated by the exact
 * milliseconds left, each rounded once, half away from zero). Moving from a free plan or to
 * another billing cycle starts a new period now at the full new fee. A downgrade (or annual →
 * monthly) waits for the end of the period and is shown as pending until then.
 */
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { type BillingAccount, periodFeeStatement, upsertBillingStatement } from "./account";
import { PLANS } from "./plans";
import { type PlanChangeRequest, planChange } from "./proration";

export { type PlanChangeOutcome, type PlanChangeRequest, type ProrationLine, planChange } from "./proration";

type PlanChange = ReturnType<typeof planChange>;
export type AccountTerms = Pick<BillingAccount, "planId" | "cycle" | "currency" | "pending">;

/** The terms a change leaves the account with, as a read of the account after it shows them. */
function termsAfter(account: BillingAccount, request: PlanChangeRequest, change: PlanChange): AccountTerms {
  if (change.outcome === "upgraded")
    return { planId: request.plan, cycle: request.cycle, currency: change.currency, pending: null };
  // Scheduled: pending until the period ends; canceled: nothing pending any more.
  const pending =
    change.outcome === "scheduled"
      ? { plan: request.plan, cycle: request.cycle, effectiveAt: account.periodEnd }
      : null;
  return { planId: account.planId, cycle: account.cycle, currency: change.currency, pending };
}

/** Applies a change and its audit entry in one D1 batch; returns the outcome and the charges recorded. */
export async function applyPlanChange(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  account: BillingAccount,
  request: PlanChangeRequest,
  audit: AuditOf<{ change: PlanChange; after: AccountTerms }>,
  now = isoNow(),
) {
  const change = planChange(account, request, now);
  const { workspaceId } = account;
  const keep = {
    cycle: account.cycle,
    currency: change.currency,
    periodStart: account.periodStart,
    plan: account.plan,
  };
  const statements: D1PreparedStatement[] = [];
  switch (change.outcome) {
    case "unchanged":
      return change;
    case "pending_canceled":
      statements.push(upsertBillingStatement(env, workspaceId, { ...keep, pendingPlan: null, pendingCycle: null }));
      break;
    case "scheduled":
      statements.push(
        upsertBillingStatement(env, workspaceId, { ...keep, pendingPlan: request.plan, pendingCycle: request.cycle }),
      );
      break;
    case "upgraded": {
      const plan = PLANS[request.plan];
      statements.push(
        upsertBillingStatement(env, workspaceId, {
          cycle: request.cycle,
          currency: change.currency,
          periodStart: change.periodStart,
          pendingPlan: null,
          pendingCycle: null,
          plan,
        }),
        env.DB.prepare("UPDATE workspaces SET plan = ?, updated_at = ? WHERE id = ?").bind(
          request.plan,
          now,
          workspaceId,
        ),
      );
      for (const line of change.lines) {
        if (line.kind === "plan_fee") {
          statements.push(
            periodFeeStatement(env, workspaceId, plan, request.cycle, change.currency, change.periodStart),
          );
        } else {
          statements.push(
            env.DB.prepare(
              "INSERT INTO billing_charges (id, workspace_id, kind, description, currency, amount_minor, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ).bind(newId("chg"), workspaceId, line.kind, line.description, account.currency, line.amountMinor, now),
          );
        }
      }
    }
  }
  statements.push(
    auditOutboxStatement(env, workspaceId, audit({ change, after: termsAfter(account, request, change) })),
  );
  await env.DB.batch(statements);
  await kickOutbox(env, workspaceId);
  return change;
}
