/**
 * Admission of new work against the workspace's plan, checked where jobs are created (REST,
 * batches and WebSocket actions all pass through there). Monthly allowances come from the usage
 * ledger: a job is accepted while the month's use is below the limit, so the job that reaches the
 * limit runs and the next one is refused. Plans that refuse work over the concurrency limit take
 * the job's slot here; the others take it when the job starts.
 */
import { loadBillingAccount, type BillingAccount } from "../billing/account";
import { usageMonthAt } from "../billing/periods";
import { RESOLUTIONS, type BilledMeter } from "../billing/plans";
import type { JobRecord } from "../jobs/jobs";
import { notFound } from "../lib/errors";
import { isoNow } from "../lib/time";
import { meterTotalMilli } from "../usage/ledger";
import { acquireSlotAtAccept } from "./job-slots";
import { quotaExceeded } from "./refusals";

type NewWork = Pick<JobRecord, "id" | "stages" | "options">;

function resolutionOf(work: NewWork): (typeof RESOLUTIONS)[number] {
  const r = work.options.resolution;
  return RESOLUTIONS.includes(r as never) ? (r as (typeof RESOLUTIONS)[number]) : "720p";
}

/** The monthly meters a job will use, with the cap each has on this plan (null: none). */
function cappedMeters(account: BillingAccount, work: NewWork): { meter: BilledMeter; capMilli: number; quota: string; unit: string; scale: number }[] {
  const { plan } = account;
  const caps: { meter: BilledMeter; capMilli: number; quota: string; unit: string; scale: number }[] = [];
  if (work.stages.includes("transcription")) {
    caps.push({ meter: "audio_seconds", capMilli: plan.limits.maxMonthlyProcessingMinutes * 60_000, quota: "monthly_processing", unit: "minutes", scale: 60_000 });
  }
  // A plan that bills no overage (free) stops at its included amounts.
  if (!plan.billsOverage) {
    if (work.stages.includes("visualization")) caps.push({ meter: "diagrams", capMilli: plan.included.diagrams * 1000, quota: "monthly_diagrams", unit: "diagrams", scale: 1000 });
    if (work.stages.includes("rendering")) {
      const meter = `render_seconds_${resolutionOf(work)}` as BilledMeter;
      caps.push({ meter, capMilli: plan.included[meter] * 1000, quota: `monthly_${meter}`, unit: "seconds", scale: 1000 });
    }
  }
  return caps;
}

/** Refuses work the plan does not allow now (402 allowance, 429 concurrency); takes its slot when the plan says so. */
export async function admitJob(env: Pick<Env, "DB" | "WORKSPACE_HUB">, workspaceId: string, work: NewWork, options: { immediate?: boolean } = {}): Promise<void> {
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) throw notFound("workspace");
  const { plan } = account;
  if (work.stages.includes("rendering")) {
    const wanted = resolutionOf(work);
    if (RESOLUTIONS.indexOf(wanted) > RESOLUTIONS.indexOf(plan.limits.maxResolution)) {
      throw quotaExceeded(402, "max_resolution", plan.limits.maxResolution, wanted, "resolution", `The ${plan.name} plan renders up to ${plan.limits.maxResolution}.`);
    }
  }
  const month = usageMonthAt(account.periodStart, account.cycle, isoNow());
  for (const cap of cappedMeters(account, work)) {
    const used = await meterTotalMilli(env, workspaceId, month, cap.meter);
    if (used >= cap.capMilli) {
      throw quotaExceeded(402, cap.quota, cap.capMilli / cap.scale, used / cap.scale, cap.unit, `This month's ${cap.quota.replace(/_/g, " ")} allowance of the ${plan.name} plan is used up (resets ${month.to}).`);
    }
  }
  // Only queued work holds slots: a diagram drawn while the request waits never does.
  if (plan.limits.overConcurrency === "reject" && !options.immediate) {
    const answer = await acquireSlotAtAccept(env, workspaceId, work.id, plan.limits.maxConcurrentJobs);
    if (answer.outcome !== "granted") {
      throw quotaExceeded(429, "concurrent_jobs", answer.limit, answer.held, "jobs", `The ${plan.name} plan runs ${answer.limit} jobs at a time; retry when one ends.`, { "Retry-After": "5" });
    }
  }
}
