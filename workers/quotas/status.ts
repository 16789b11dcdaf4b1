/** Every quota of a workspace with its limit and current use, for GET /workspaces/{id}/quota. */
import type { BillingAccount } from "../billing/account";
import { usageMonthAt } from "../billing/periods";
import { gbToBytes } from "../billing/plans";
import { isoNow } from "../lib/time";
import { meterTotals } from "../usage/ledger";
import { slotState } from "./job-slots";

/** The quota document: limits from the effective plan, use from the ledgers and the hub. */
export async function quotaStatus(env: Pick<Env, "DB" | "WORKSPACE_HUB">, account: BillingAccount) {
  const { plan, workspaceId } = account;
  const month = usageMonthAt(account.periodStart, account.cycle, isoNow());
  const [projects, storage, totals, slots] = await Promise.all([
    env.DB.prepare("SELECT COUNT(*) AS n FROM projects WHERE workspace_id = ?")
      .bind(workspaceId)
      .first<{ n: number }>(),
    env.DB.prepare("SELECT COALESCE(SUM(size), 0) AS bytes FROM artifacts WHERE workspace_id = ?")
      .bind(workspaceId)
      .first<{ bytes: number }>(),
    meterTotals(env, workspaceId, month),
    slotState(env, workspaceId),
  ]);
  const milli = (meter: string) => totals.find((t) => t.meter === meter)?.milli ?? 0;
  const used = (meter: string) => milli(meter) / 1000;
  const { limits } = plan;
  return {
    workspaceId,
    plan: plan.id,
    cycle: account.cycle,
    usageMonth: month,
    quotas: {
      projects: { limit: limits.maxProjects, current: projects?.n ?? 0, unit: "projects" },
      storage: { limit: gbToBytes(limits.maxStorageGB), current: storage?.bytes ?? 0, unit: "bytes" },
      monthly_processing: {
        limit: limits.maxMonthlyProcessingMinutes,
        current: milli("audio_seconds") / 60_000,
        unit: "minutes",
      },
      concurrent_jobs: {
        limit: limits.maxConcurrentJobs,
        current: slots.held.length,
        waiting: slots.waiting.length,
        overConcurrency: limits.overConcurrency,
        unit: "jobs",
      },
      upload_size: { limit: limits.maxUploadBytes, unit: "bytes" },
      max_resolution: { limit: limits.maxResolution, unit: "resolution" },
      rate_limit_workspace: {
        limit: limits.rateLimits.workspace.capacity,
        windowSeconds: limits.rateLimits.workspace.windowSeconds,
        unit: "requests",
      },
      rate_limit_credential: {
        limit: limits.rateLimits.credential.capacity,
        windowSeconds: limits.rateLimits.credential.windowSeconds,
        unit: "requests",
      },
    },
    included: Object.fromEntries(
      Object.entries(plan.included).map(([meter, included]) => [meter, { included, used: used(meter) }]),
    ),
  };
}
