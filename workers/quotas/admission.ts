/**
 * Admission of new work against the workspace's plan, checked where jobs are created (REST,
 * batches and WebSocket actions all pass through there). Monthly allowances count the usage
 * ledger plus what admitted, not yet metered work holds (allowance-holds.ts): a job is accepted
 * while that is below the limit, so the job that reaches the limit runs and the next one is
 * refused, exactly, however many arrive at once. Plans that refuse work over the concurrency limit
 * take the job's slot here; the others take it when the job starts.
 */
import { type BillingAccount, loadBillingAccount } from "../billing/account";
import { usageMonthAt } from "../billing/periods";
import { type BilledMeter, RESOLUTIONS } from "../billing/plans";
import { durationFromBytes } from "../jobs/estimate";
import type { JobRecord } from "../jobs/jobs";
import { notFound } from "../lib/errors";
import { isoNow } from "../lib/time";
import { allowanceUseMilli, isAllowanceRefusal, releaseAllowanceHolds, takeAllowanceHolds } from "./allowance-holds";
import { acquireSlotAtAccept } from "./job-slots";
import { quotaExceeded } from "./refusals";

type NewWork = Pick<JobRecord, "id" | "stages" | "options">;

export interface AdmitOptions {
  /** Drawn while the request waits: holds no concurrency slot. */
  immediate?: boolean;
  /** The video's length when the caller knows it (a soundtrack's duration). */
  videoSeconds?: number | null;
}

/** What a job will use of a meter, in the meter's units, as far as it is known when it is accepted. */
function expectedUse(work: NewWork, meter: BilledMeter, options: AdmitOptions): number {
  if (meter === "diagrams") return 1;
  const { inputFormat, inputBytes } = work.options;
  const audio =
    typeof inputBytes === "number"
      ? durationFromBytes(typeof inputFormat === "string" ? inputFormat : "", new Uint8Array(), inputBytes).seconds
      : null;
  // A length not yet known (a recording still to be fetched) holds one second, the least any work uses.
  if (meter === "audio_seconds") return Math.max(1, audio ?? 1);
  return Math.max(1, options.videoSeconds ?? audio ?? 4);
}

function resolutionOf(work: NewWork): (typeof RESOLUTIONS)[number] {
  const r = work.options.resolution;
  return RESOLUTIONS.includes(r as never) ? (r as (typeof RESOLUTIONS)[number]) : "720p";
}

/** The monthly meters a job will use, with the cap each has on this plan (null: none). */
function cappedMeters(
  account: BillingAccount,
  work: NewWork,
): { meter: BilledMeter; capMilli: number; quota: string; unit: string; scale: number }[] {
  const { plan } = account;
  const caps: { meter: BilledMeter; capMilli: number; quota: string; unit: string; scale: number }[] = [];
  if (work.stages.includes("transcription")) {
    caps.push({
      meter: "audio_seconds",
      capMilli: plan.limits.maxMonthlyProcessingMinutes * 60_000,
      quota: "monthly_processing",
      unit: "minutes",
      scale: 60_000,
    });
  }
  // A plan that bills no overage (free) stops at its included amounts.
  if (!plan.billsOverage) {
    if (work.stages.includes("visualization"))
      caps.push({
        meter: "diagrams",
        capMilli: plan.included.diagrams * 1000,
        quota: "monthly_diagrams",
        unit: "diagrams",
        scale: 1000,
      });
    if (work.stages.includes("rendering")) {
      const meter = `render_seconds_${resolutionOf(work)}` as BilledMeter;
      caps.push({
        meter,
        capMilli: plan.included[meter] * 1000,
        quota: `monthly_${meter}`,
        unit: "seconds",
        scale: 1000,
      });
    }
  }
  return caps;
}

/** Refuses work the plan does not allow now (402 allowance, 429 concurrency); takes its holds and, when the plan says so, its slot. */
export async function admitJob(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  workspaceId: string,
  work: NewWork,
  options: AdmitOptions = {},
): Promise<void> {
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) throw notFound("workspace");
  const { plan } = account;
  if (work.stages.includes("rendering")) {
    const wanted = resolutionOf(work);
    if (RESOLUTIONS.indexOf(wanted) > RESOLUTIONS.indexOf(plan.limits.maxResolution)) {
      throw quotaExceeded(
        402,
        "max_resolution",
        plan.limits.maxResolution,
        wanted,
        "resolution",
        `The ${plan.name} plan renders up to ${plan.limits.maxResolution}.`,
      );
    }
  }
  const now = isoNow();
  const month = usageMonthAt(account.periodStart, account.cycle, now);
  const caps = cappedMeters(account, work);
  try {
    await takeAllowanceHolds(
      env,
      workspaceId,
      work.id,
      month,
      caps.map((cap) => ({
        meter: cap.meter,
        capMilli: cap.capMilli,
        quantityMilli: expectedUse(work, cap.meter, options) * 1000,
      })),
      now,
    );
  } catch (error) {
    if (!isAllowanceRefusal(error)) throw error;
    // The trigger says one allowance is used up; name it with the numbers, as the sequential check does.
    for (const cap of caps) {
      const used = await allowanceUseMilli(env, workspaceId, cap.meter, month, now);
      if (used >= cap.capMilli) {
        throw quotaExceeded(
          402,
          cap.quota,
          cap.capMilli / cap.scale,
          used / cap.scale,
          cap.unit,
          `This month's ${cap.quota.replace(/_/g, " ")} allowance of the ${plan.name} plan is used up (resets ${month.to}).`,
        );
      }
    }
    const cap = caps[0]!;
    throw quotaExceeded(
      402,
      cap.quota,
      cap.capMilli / cap.scale,
      cap.capMilli / cap.scale,
      cap.unit,
      `This month's ${cap.quota.replace(/_/g, " ")} allowance of the ${plan.name} plan is used up (resets ${month.to}).`,
    );
  }
  // Only queued work holds slots: a diagram drawn while the request waits never does.
  if (plan.limits.overConcurrency === "reject" && !options.immediate) {
    const answer = await acquireSlotAtAccept(env, workspaceId, work.id, plan.limits.maxConcurrentJobs);
    if (answer.outcome !== "granted") {
      await releaseAllowanceHolds(env, workspaceId, work.id);
      throw quotaExceeded(
        429,
        "concurrent_jobs",
        answer.limit,
        answer.held,
        "jobs",
        `The ${plan.name} plan runs ${answer.limit} jobs at a time; retry when one ends.`,
        { "Retry-After": "5" },
      );
    }
  }
}
