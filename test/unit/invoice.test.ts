/** The billing arithmetic on its own: rounding, proration, invoices and periods, with fixed clocks. */
import { describe, expect, it } from "vitest";
import type { BillingAccount } from "../../workers/billing/account-types";
import { priceInvoice } from "../../workers/billing/invoice";
import { divideRounded, formatMoney, usageAmountMinor } from "../../workers/billing/money";
import { addMonths, usageMonthAt } from "../../workers/billing/periods";
import { PLANS } from "../../workers/billing/plans";
import { planChange } from "../../workers/billing/proration";

describe("rounding", () => {
  it("rounds half away from zero, exactly", () => {
    expect([
      divideRounded(5n, 10n),
      divideRounded(4n, 10n),
      divideRounded(15n, 10n),
      divideRounded(-5n, 10n),
      divideRounded(-4n, 10n),
    ]).toEqual([1n, 0n, 2n, -1n, 0n]);
    // 10^15 × 3 / 7 without floating point: 428571428571428.57… → …429
    expect(divideRounded(3n * 10n ** 15n, 7n)).toBe(428_571_428_571_429n);
  });

  it("prices usage in thousandths of a unit against micro-unit prices", () => {
    expect(usageAmountMinor(1_234_500, 100, "usd")).toBe(12); // 1234.5 s × 100 µ$ = 12.345¢
    expect(usageAmountMinor(25_000, 200, "usd")).toBe(1); // 0.5¢
    expect(usageAmountMinor(1_000_000, 18_000, "jpy")).toBe(18); // 1000 s × 18,000 µ¥
    expect(formatMoney(2914, "usd")).toBe("$29.14");
    expect(formatMoney(-1933, "usd")).toBe("-$19.33");
    expect(formatMoney(60_019, "jpy")).toBe("¥60,019");
  });
});

describe("periods", () => {
  it("steps calendar months and clamps to the month's end", () => {
    expect(addMonths("2026-01-31T10:00:00.000Z", 1)).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths("2024-01-31T10:00:00.000Z", 1)).toBe("2024-02-29T10:00:00.000Z");
    expect(addMonths("2026-03-15T00:00:00.000Z", 12)).toBe("2027-03-15T00:00:00.000Z");
    expect(usageMonthAt("2026-03-15T00:00:00.000Z", "annual", "2026-07-20T00:00:00.000Z")).toEqual({
      from: "2026-07-15T00:00:00.000Z",
      to: "2026-08-15T00:00:00.000Z",
    });
  });
});

const starter: BillingAccount = {
  workspaceId: "ws_x",
  planId: "starter",
  plan: PLANS.starter,
  cycle: "monthly",
  currency: "usd",
  periodStart: "2026-04-01T00:00:00.000Z",
  periodEnd: "2026-05-01T00:00:00.000Z",
  pending: null,
  overrides: null,
};

describe("plan changes", () => {
  it("prorates an upgrade by the exact time left: 9.5 of 30 days", () => {
    const change = planChange(starter, { plan: "professional", cycle: "monthly" }, "2026-04-21T12:00:00.000Z");
    // 2900 × 9.5/30 = 918.33 → 918 credited; 9900 × 9.5/30 = 3135 charged
    expect(change.outcome).toBe("upgraded");
    expect(change.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ["proration_credit", -918],
      ["proration_charge", 3135],
    ]);
    expect(change.periodStart).toBe(starter.periodStart);
  });

  it("starts a new period at the full fee when the cycle changes, and schedules downgrades", () => {
    const annual = planChange(starter, { plan: "starter", cycle: "annual" }, "2026-04-16T00:00:00.000Z");
    expect(annual.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ["proration_credit", -1450],
      ["plan_fee", 29_000],
    ]);
    expect(annual.periodStart).toBe("2026-04-16T00:00:00.000Z");
    expect(planChange(starter, { plan: "free", cycle: "monthly" }).outcome).toBe("scheduled");
    expect(
      planChange(
        { ...starter, pending: { plan: "free", cycle: "monthly", effectiveAt: starter.periodEnd } },
        { plan: "starter", cycle: "monthly" },
      ).outcome,
    ).toBe("pending_canceled");
  });
});

describe("invoice", () => {
  it("adds rounded lines into the total", () => {
    const invoice = priceInvoice({
      plan: PLANS.starter,
      currency: "usd",
      usedMilli: {
        audio_seconds: 19_234_500,
        diagrams: 503_000,
        render_seconds_720p: 3_625_000,
        render_seconds_1080p: 1_807_250,
      },
      charges: [{ kind: "plan_fee", description: "Starter plan, monthly", amountMinor: 2900 }],
    });
    expect(invoice.lines.map((l) => l.amountMinor)).toEqual([2900, 12, 1, 1, 0]);
    expect(invoice).toMatchObject({ totalMinor: 2914, totalDisplay: "$29.14" });
  });
});
