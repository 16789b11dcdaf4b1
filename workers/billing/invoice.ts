/**
 * The invoice of one usage month, as a pure function: fixed charges recorded in the month (plan
 * fee, proration), then one line per billed meter with its included amount and overage.
 * Rounding rule: each line is rounded once to the minor unit, half away from zero; the total is
 * the sum of the rounded lines, so the lines always add up to it.
 */
import { formatMoney, usageAmountMinor } from "./money";
import { BILLED_METERS, type BilledMeter, type Currency, overageUnitPriceMicro, type Plan } from "./plans";

export interface ChargeLine {
  type: "charge";
  kind: string;
  description: string;
  amountMinor: number;
}

export interface UsageLine {
  type: "usage";
  meter: BilledMeter;
  /** Used, included and billed quantities in the meter's unit (exact to 1/1000). */
  quantity: number;
  included: number;
  overage: number;
  unitPriceMicro: number;
  amountMinor: number;
}

export interface Invoice {
  currency: Currency;
  lines: (ChargeLine | UsageLine)[];
  totalMinor: number;
  totalDisplay: string;
}

/** Prices a month: `usedMilli` is each meter's use in thousandths of its unit. */
export function priceInvoice(input: {
  plan: Plan;
  currency: Currency;
  usedMilli: Partial<Record<BilledMeter, number>>;
  charges: { kind: string; description: string; amountMinor: number }[];
}): Invoice {
  const { plan, currency } = input;
  const lines: (ChargeLine | UsageLine)[] = input.charges.map((c) => ({ type: "charge" as const, ...c }));
  for (const meter of BILLED_METERS) {
    const usedMilli = input.usedMilli[meter] ?? 0;
    const includedMilli = plan.included[meter] * 1000;
    const overageMilli = Math.max(0, usedMilli - includedMilli);
    if (usedMilli === 0 && includedMilli === 0) continue;
    const unitPriceMicro = plan.billsOverage ? overageUnitPriceMicro(plan, currency, meter) : 0;
    lines.push({
      type: "usage",
      meter,
      quantity: usedMilli / 1000,
      included: plan.included[meter],
      overage: overageMilli / 1000,
      unitPriceMicro,
      amountMinor: usageAmountMinor(overageMilli, unitPriceMicro, currency),
    });
  }
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  return { currency, lines, totalMinor, totalDisplay: formatMoney(totalMinor, currency) };
}
