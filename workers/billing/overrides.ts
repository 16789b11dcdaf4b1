/**
 * Enterprise contract terms: values that replace the plan's for one workspace. The operator sets
 * them (workspace_billing.plan_overrides, JSON); they are parsed here, never trusted as stored,
 * and apply only while the workspace is on the enterprise plan.
 */
import { z } from "zod";
import { BILLED_METERS, type Plan, planOf, RESOLUTIONS } from "./plans";

const Rate = z.strictObject({
  capacity: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

export const PlanOverrides = z.strictObject({
  maxProjects: z.number().int().min(0).nullable().optional(),
  maxStorageGB: z.number().min(0).optional(),
  maxMonthlyProcessingMinutes: z.number().int().min(0).optional(),
  maxConcurrentJobs: z.number().int().min(1).max(10_000).optional(),
  overConcurrency: z.enum(["queue", "reject"]).optional(),
  maxUploadBytes: z.number().int().min(1).optional(),
  maxResolution: z.enum(RESOLUTIONS).optional(),
  rateLimits: z.strictObject({ workspace: Rate.optional(), credential: Rate.optional() }).optional(),
  /** The contract's fee per period, in minor units of the workspace's currency. */
  prices: z
    .strictObject({ monthly: z.number().int().min(0).optional(), annual: z.number().int().min(0).optional() })
    .optional(),
  included: z
    .strictObject(
      Object.fromEntries(BILLED_METERS.map((m) => [m, z.number().int().min(0).optional()])) as Record<
        (typeof BILLED_METERS)[number],
        z.ZodOptional<z.ZodNumber>
      >,
    )
    .optional(),
});
export type PlanOverrides = z.infer<typeof PlanOverrides>;

/** The plan a workspace is billed and limited by: the catalogue's, with enterprise terms applied. */
export function effectivePlan(planId: string, currency: "usd" | "jpy", rawOverrides: unknown): Plan {
  const base = planOf(planId);
  if (base.id !== "enterprise" || rawOverrides == null) return base;
  const parsed = PlanOverrides.safeParse(rawOverrides);
  if (!parsed.success) {
    console.error(JSON.stringify({ event: "billing.invalid_overrides", issues: parsed.error.issues.length }));
    return base;
  }
  const o = parsed.data;
  const { rateLimits, prices, included, ...limits } = o;
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...base,
    prices: { ...base.prices, [currency]: { ...base.prices[currency], ...defined(prices ?? {}) } },
    included: { ...base.included, ...defined(included ?? {}) },
    limits: {
      ...base.limits,
      ...defined(limits),
      rateLimits: { ...base.limits.rateLimits, ...defined(rateLimits ?? {}) },
    },
  };
}
