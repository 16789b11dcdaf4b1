import { requestAuditBody } from "../../audit/record";
import { type BillingAccount, loadBillingAccount } from "../../billing/account";
import { invoicePreview as previewInvoice } from "../../billing/invoice-preview";
import { formatMoney } from "../../billing/money";
import { applyPlanChange } from "../../billing/plan-change";
import { PLAN_IDS, PLANS } from "../../billing/plans";
import { notFound } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import { forgetPlan } from "../../quotas/plan-cache";
import type * as routes from "./billing.routes";

function toResource(account: BillingAccount) {
  const amountMinor = account.plan.prices[account.currency][account.cycle];
  return {
    workspaceId: account.workspaceId,
    plan: account.planId,
    cycle: account.cycle,
    currency: account.currency,
    period: { start: account.periodStart, end: account.periodEnd },
    pendingChange: account.pending,
    price: { amountMinor, display: formatMoney(amountMinor, account.currency) },
  };
}

async function accountOf(env: Env, workspaceId: string): Promise<BillingAccount> {
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) throw notFound("workspace");
  return account;
}

export const plans: AppRouteHandler<typeof routes.plans> = async (c) => {
  return c.json({ items: PLAN_IDS.map((id) => ({ ...PLANS[id] }) as Record<string, unknown>) }, 200);
};

export const account: AppRouteHandler<typeof routes.account> = async (c) => {
  return c.json(toResource(await accountOf(c.env, c.get("membership").workspaceId)), 200);
};

export const invoicePreview: AppRouteHandler<typeof routes.invoicePreview> = async (c) => {
  return c.json(await previewInvoice(c.env, await accountOf(c.env, c.get("membership").workspaceId)), 200);
};

export const changePlan: AppRouteHandler<typeof routes.changePlan> = async (c) => {
  const { workspaceId } = c.get("membership");
  const before = await accountOf(c.env, workspaceId);
  const request = c.req.valid("json");
  // Called only for a change that writes (not "unchanged"), with the terms as the change leaves them.
  const change = await applyPlanChange(c.env, before, request, ({ change, after }) =>
    requestAuditBody(c, workspaceId, {
      action:
        change.outcome === "upgraded"
          ? "billing.plan_changed"
          : change.outcome === "scheduled"
            ? "billing.plan_change_scheduled"
            : "billing.plan_change_canceled",
      target: { type: "workspace", id: workspaceId },
      before: { plan: before.planId, cycle: before.cycle, currency: before.currency, pending: before.pending },
      after: {
        plan: after.planId,
        cycle: after.cycle,
        currency: after.currency,
        pending: after.pending,
        charges: change.lines,
      },
    }),
  );
  forgetPlan(workspaceId);
  const after = await accountOf(c.env, workspaceId);
  const charges = change.lines.map((line) => ({
    ...line,
    amountDisplay: formatMoney(line.amountMinor, after.currency),
  }));
  return c.json({ outcome: change.outcome, charges, account: toResource(after) }, 200);
};
