/**
 * What a plan change does, as a pure function of the account, the request and the time: an
 * upgrade credits the unused part of the old fee and charges the new one for the rest of the
 * period (prorated by the exact milliseconds left, each line rounded once, half away from zero);
 * from a free plan or to another cycle a new period starts now at the full fee; a downgrade (or
 * annual → monthly) is scheduled for the end of the period.
 */
import { conflict } from "../lib/errors";
import { isoNow } from "../lib/time";
import type { BillingAccount } from "./account-types";
import { prorate } from "./money";
import { type BillingCycle, type Currency, PLAN_RANK, PLANS, type PlanId } from "./plans";

export interface PlanChangeRequest {
  plan: PlanId;
  cycle: BillingCycle;
  currency?: Currency;
}

export type PlanChangeOutcome = "upgraded" | "scheduled" | "unchanged" | "pending_canceled";

export interface ProrationLine {
  kind: "proration_credit" | "proration_charge" | "plan_fee";
  description: string;
  amountMinor: number;
}

/** What a change would do, computed without writing: the outcome and the charges it records. */
export function planChange(account: BillingAccount, request: PlanChangeRequest, now = isoNow()) {
  const target = PLANS[request.plan];
  if (!target.selfServe || !account.plan.selfServe) {
    throw conflict(
      "contract_required",
      "The enterprise plan is arranged under contract; contact sales to move to or from it.",
    );
  }
  const currency = request.currency ?? account.currency;
  if (currency !== account.currency && account.planId !== "free") {
    throw conflict(
      "currency_locked",
      `This workspace is billed in ${account.currency.toUpperCase()}; the currency can change only from the free plan.`,
    );
  }
  if (request.plan === account.planId && request.cycle === account.cycle) {
    return {
      outcome: (account.pending ? "pending_canceled" : "unchanged") as PlanChangeOutcome,
      currency,
      periodStart: account.periodStart,
      lines: [] as ProrationLine[],
    };
  }
  const upgrade =
    PLAN_RANK[request.plan] > PLAN_RANK[account.planId] ||
    (request.plan === account.planId && request.cycle === "annual");
  if (!upgrade)
    return {
      outcome: "scheduled" as PlanChangeOutcome,
      currency,
      periodStart: account.periodStart,
      lines: [] as ProrationLine[],
    };

  const nowMs = Date.parse(now);
  const wholeMs = Date.parse(account.periodEnd) - Date.parse(account.periodStart);
  const leftMs = Math.max(0, Date.parse(account.periodEnd) - nowMs);
  const oldFee = account.plan.prices[account.currency][account.cycle];
  const newFee = target.prices[currency][request.cycle];
  const lines: ProrationLine[] = [];
  if (oldFee > 0 && leftMs > 0) {
    lines.push({
      kind: "proration_credit",
      description: `Unused time on ${account.plan.name} (${account.cycle})`,
      amountMinor: -prorate(oldFee, leftMs, wholeMs),
    });
  }
  const newPeriod = oldFee === 0 || request.cycle !== account.cycle;
  if (newPeriod) {
    lines.push({ kind: "plan_fee", description: `${target.name} plan, ${request.cycle}`, amountMinor: newFee });
  } else if (leftMs > 0) {
    lines.push({
      kind: "proration_charge",
      description: `Remaining time on ${target.name} (${request.cycle})`,
      amountMinor: prorate(newFee, leftMs, wholeMs),
    });
  }
  return {
    outcome: "upgraded" as PlanChangeOutcome,
    currency,
    periodStart: newPeriod ? now : account.periodStart,
    lines,
  };
}
