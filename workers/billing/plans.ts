/**
 * The plan catalogue: the single source of truth for prices, included amounts and quotas.
 *
 * Money is integer minor units of the workspace's currency: US cents for USD, yen for JPY (ISO
 * 4217 gives JPY no minor unit). Both currencies carry their own price list; nothing is converted
 * at an exchange rate. Per-unit overage prices are in micro-units (µUSD, µJPY) because a second of
 * audio costs a fraction of a cent; invoices round each line once (see invoice.ts).
 */
import { RESOLUTIONS } from "../../contracts/recording-options";
import { LIST_PRICES_MICRO_USD } from "./prices";

export const PLAN_IDS = ["free", "starter", "professional", "enterprise"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const BILLING_CYCLES = ["monthly", "annual"] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
export const CURRENCIES = ["usd", "jpy"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Micro-units in one minor unit: a cent is 10,000 µUSD, a yen is 1,000,000 µJPY. */
export const MICRO_PER_MINOR: Record<Currency, number> = { usd: 10_000, jpy: 1_000_000 };

/** The metered units. Processing meters are billed; storage and API calls are metered and bounded by quotas. */
export const METERS = [
  "audio_seconds",
  "diagrams",
  "render_seconds_720p",
  "render_seconds_1080p",
  "render_seconds_4k",
  "storage_gb_hours",
  "api_calls",
] as const;
export type Meter = (typeof METERS)[number];
export const BILLED_METERS = [
  "audio_seconds",
  "diagrams",
  "render_seconds_720p",
  "render_seconds_1080p",
  "render_seconds_4k",
] as const satisfies readonly Meter[];
export type BilledMeter = (typeof BILLED_METERS)[number];

export { RESOLUTIONS };
export type Resolution = (typeof RESOLUTIONS)[number];

/** A token bucket: `capacity` requests, refilled continuously over `windowSeconds`. */
export interface RatePolicy {
  capacity: number;
  windowSeconds: number;
}

export interface PlanLimits {
  /** null = unlimited. */
  maxProjects: number | null;
  maxStorageGB: number;
  /** Audio minutes transcribed per usage month (a hard stop). */
  maxMonthlyProcessingMinutes: number;
  maxConcurrentJobs: number;
  /** A job over the concurrency limit waits in `queued` for a slot, or is refused with 429. */
  overConcurrency: "queue" | "reject";
  maxUploadBytes: number;
  maxResolution: Resolution;
  /** Every authenticated request takes a token from the workspace's bucket and its credential's. */
  rateLimits: { workspace: RatePolicy; credential: RatePolicy };
}

export interface Plan {
  id: PlanId;
  name: string;
  /** Self-serve plans can be chosen through the API; enterprise is set by the operator under contract. */
  selfServe: boolean;
  /** Fee per billing period in minor units. */
  prices: Record<Currency, Record<BillingCycle, number>>;
  /** Included per usage month; beyond it usage is billed as overage, or refused when `billsOverage` is false. */
  included: Record<BilledMeter, number>;
  /** The free plan has no payment method: its included amounts are hard monthly caps. */
  billsOverage: boolean;
  /** Overage unit price as a percentage of the list price (an integer, so unit prices stay integers). */
  overagePercentOfList: number;
  limits: PlanLimits;
}

const MiB = 1024 * 1024;
const perMinute = (capacity: number): RatePolicy => ({ capacity, windowSeconds: 60 });

/** List prices per unit, in micro-units of each currency (USD from prices.ts; JPY priced on its own). */
export const LIST_PRICES_MICRO: Record<Currency, Record<BilledMeter, number>> = {
  usd: {
    audio_seconds: LIST_PRICES_MICRO_USD.audio_seconds!,
    diagrams: LIST_PRICES_MICRO_USD.diagrams!,
    render_seconds_720p: LIST_PRICES_MICRO_USD.render_seconds_720p!,
    render_seconds_1080p: LIST_PRICES_MICRO_USD.render_seconds_1080p!,
    render_seconds_4k: LIST_PRICES_MICRO_USD.render_seconds_4k!,
  },
  jpy: {
    audio_seconds: 15_000,
    diagrams: 300_000,
    render_seconds_720p: 30_000,
    render_seconds_1080p: 60_000,
    render_seconds_4k: 240_000,
  },
};

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    selfServe: true,
    prices: { usd: { monthly: 0, annual: 0 }, jpy: { monthly: 0, annual: 0 } },
    included: {
      audio_seconds: 3_600,
      diagrams: 50,
      render_seconds_720p: 600,
      render_seconds_1080p: 0,
      render_seconds_4k: 0,
    },
    billsOverage: false,
    overagePercentOfList: 100,
    limits: {
      maxProjects: 3,
      maxStorageGB: 1,
      maxMonthlyProcessingMinutes: 60,
      maxConcurrentJobs: 1,
      overConcurrency: "queue",
      maxUploadBytes: 25 * MiB,
      maxResolution: "720p",
      rateLimits: { workspace: perMinute(600), credential: perMinute(300) },
    },
  },
  starter: {
    id: "starter",
    name: "Starter",
    selfServe: true,
    prices: { usd: { monthly: 2_900, annual: 29_000 }, jpy: { monthly: 4_400, annual: 44_000 } },
    included: {
      audio_seconds: 18_000,
      diagrams: 500,
      render_seconds_720p: 3_600,
      render_seconds_1080p: 1_800,
      render_seconds_4k: 0,
    },
    billsOverage: true,
    overagePercentOfList: 100,
    limits: {
      maxProjects: 20,
      maxStorageGB: 25,
      maxMonthlyProcessingMinutes: 1_000,
      maxConcurrentJobs: 3,
      overConcurrency: "queue",
      maxUploadBytes: 200 * MiB,
      maxResolution: "1080p",
      rateLimits: { workspace: perMinute(1_200), credential: perMinute(600) },
    },
  },
  professional: {
    id: "professional",
    name: "Professional",
    selfServe: true,
    prices: { usd: { monthly: 9_900, annual: 99_000 }, jpy: { monthly: 15_000, annual: 150_000 } },
    included: {
      audio_seconds: 120_000,
      diagrams: 5_000,
      render_seconds_720p: 36_000,
      render_seconds_1080p: 18_000,
      render_seconds_4k: 3_600,
    },
    billsOverage: true,
    overagePercentOfList: 80,
    limits: {
      maxProjects: 100,
      maxStorageGB: 250,
      maxMonthlyProcessingMinutes: 10_000,
      maxConcurrentJobs: 10,
      overConcurrency: "queue",
      maxUploadBytes: 1024 * MiB,
      maxResolution: "4k",
      rateLimits: { workspace: perMinute(3_000), credential: perMinute(1_200) },
    },
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    selfServe: false,
    prices: { usd: { monthly: 49_900, annual: 499_000 }, jpy: { monthly: 75_000, annual: 750_000 } },
    included: {
      audio_seconds: 600_000,
      diagrams: 50_000,
      render_seconds_720p: 360_000,
      render_seconds_1080p: 180_000,
      render_seconds_4k: 36_000,
    },
    billsOverage: true,
    overagePercentOfList: 60,
    limits: {
      maxProjects: null,
      maxStorageGB: 2_000,
      maxMonthlyProcessingMinutes: 100_000,
      maxConcurrentJobs: 50,
      overConcurrency: "queue",
      maxUploadBytes: 4096 * MiB,
      maxResolution: "4k",
      rateLimits: { workspace: perMinute(10_000), credential: perMinute(5_000) },
    },
  },
};

/** Plans in ascending order: moving right is an upgrade. */
export const PLAN_RANK: Record<PlanId, number> = { free: 0, starter: 1, professional: 2, enterprise: 3 };

/** The plan with this id; an unknown id (a row written by hand) is treated as free. */
export function planOf(id: string): Plan {
  return (PLAN_IDS as readonly string[]).includes(id) ? PLANS[id as PlanId] : PLANS.free;
}

/** Overage price per unit in micro-units of `currency`. */
export function overageUnitPriceMicro(plan: Plan, currency: Currency, meter: BilledMeter): number {
  return (LIST_PRICES_MICRO[currency][meter] * plan.overagePercentOfList) / 100;
}

/** Decimal gigabytes to bytes (storage is sold in GB = 10^9 bytes). */
export const gbToBytes = (gb: number) => Math.round(gb * 1_000_000_000);
