/**
 * Billing periods and usage months. A period starts at `periodStart` and lasts one month
 * (monthly) or twelve (annual). Usage is always counted per usage month — the month-long slices
 * of the period — for included amounts, the monthly processing quota and the invoice preview.
 * Months are calendar steps from the start, clamped to the month's last day (Jan 31 → Feb 28).
 */
import type { BillingCycle } from "./plans";

/** `iso` moved by `months` calendar months, same time of day, day clamped to the month's end. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}

export const monthsIn = (cycle: BillingCycle) => (cycle === "annual" ? 12 : 1);

/** The end (exclusive) of a period that starts at `start`. */
export function periodEnd(start: string, cycle: BillingCycle): string {
  return addMonths(start, monthsIn(cycle));
}

export interface Window {
  from: string;
  to: string;
}

/** The usage month of the period that contains `now` (the last one if `now` is past the period). */
export function usageMonthAt(periodStart: string, cycle: BillingCycle, now: string): Window {
  for (let k = 0; k < monthsIn(cycle); k++) {
    const from = addMonths(periodStart, k);
    const to = addMonths(periodStart, k + 1);
    if (now < to) return { from, to };
  }
  const last = monthsIn(cycle) - 1;
  return { from: addMonths(periodStart, last), to: addMonths(periodStart, last + 1) };
}
