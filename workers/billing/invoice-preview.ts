/** The invoice of the current usage month as it stands now, from the ledger and recorded charges. */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { billingCharges } from "../db/schema";
import { isoNow } from "../lib/time";
import { meterTotals } from "../usage/ledger";
import type { BillingAccount } from "./account";
import { priceInvoice } from "./invoice";
import { formatMoney } from "./money";
import { usageMonthAt } from "./periods";
import { BILLED_METERS, type BilledMeter } from "./plans";

/** The preview: the account's plan and period, the month's lines, and the total in minor units. */
export async function invoicePreview(env: Pick<Env, "DB">, account: BillingAccount, now = isoNow()) {
  const month = usageMonthAt(account.periodStart, account.cycle, now);
  const [totals, charges] = await Promise.all([
    meterTotals(env, account.workspaceId, month),
    getDb(env)
      .select()
      .from(billingCharges)
      .where(
        and(
          eq(billingCharges.workspaceId, account.workspaceId),
          gte(billingCharges.occurredAt, month.from),
          lt(billingCharges.occurredAt, month.to),
        ),
      )
      .orderBy(asc(billingCharges.occurredAt), asc(billingCharges.id))
      .all(),
  ]);
  const usedMilli = Object.fromEntries(
    totals.filter((t) => (BILLED_METERS as readonly string[]).includes(t.meter)).map((t) => [t.meter, t.milli]),
  ) as Partial<Record<BilledMeter, number>>;
  const invoice = priceInvoice({
    plan: account.plan,
    currency: account.currency,
    usedMilli,
    charges: charges
      .filter((c) => c.currency === account.currency)
      .map((c) => ({ kind: c.kind, description: c.description, amountMinor: c.amountMinor })),
  });
  return {
    workspaceId: account.workspaceId,
    plan: account.planId,
    cycle: account.cycle,
    currency: account.currency,
    minorUnit: account.currency === "jpy" ? "yen" : "cent",
    period: { start: account.periodStart, end: account.periodEnd },
    usageMonth: month,
    pendingChange: account.pending,
    lines: invoice.lines.map((line) => ({ ...line, amountDisplay: formatMoney(line.amountMinor, account.currency) })),
    totalMinor: invoice.totalMinor,
    totalDisplay: invoice.totalDisplay,
    rounding: "Each line is rounded once to the minor unit, half away from zero; the total is the sum of the lines.",
  };
}
