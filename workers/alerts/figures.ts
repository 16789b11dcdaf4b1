/**
 * The workspace's own figures that alert rules watch, computed from D1: the jobs table, the
 * usage ledger, and the quota document of the tenancy module (workers/quotas/status.ts). Every query is scoped to one workspace and uses an index that leads with it.
 */

import { loadBillingAccount } from "../billing/account";
import { LIST_PRICES_MICRO_USD } from "../billing/prices";
import { isoNow } from "../lib/time";
import { quotaStatus } from "../quotas/status";
import type { AlertRuleRecord } from "./rules";

export interface Measurement {
  value: number;
  /** How many observations the value rests on (finished jobs for the failure rate). */
  samples: number;
}

/** Percentage of the jobs that finished in the window which failed. */
async function jobFailureRate(env: Env, workspaceId: string, since: string): Promise<Measurement> {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS total, SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed FROM jobs WHERE workspace_id = ? AND status IN ('succeeded', 'failed') AND finished_at >= ?",
  )
    .bind(workspaceId, since)
    .first<{ total: number; failed: number | null }>();
  const total = row?.total ?? 0;
  return { value: total === 0 ? 0 : ((row?.failed ?? 0) / total) * 100, samples: total };
}

/** List-price spend in US dollars of the usage recorded in the window. */
async function spendUsd(env: Env, workspaceId: string, since: string): Promise<Measurement> {
  const { results } = await env.DB.prepare(
    "SELECT meter, SUM(quantity) AS quantity FROM usage_events WHERE workspace_id = ? AND occurred_at >= ? GROUP BY meter",
  )
    .bind(workspaceId, since)
    .all<{ meter: string; quantity: number }>();
  const micro = results.reduce((sum, r) => sum + r.quantity * (LIST_PRICES_MICRO_USD[r.meter] ?? 0), 0);
  return { value: micro / 1_000_000, samples: results.length };
}

/** The longest wait between a job's creation and its start: still-queued jobs count until now. */
async function queueWaitSeconds(env: Env, workspaceId: string, since: string, now: string): Promise<Measurement> {
  const row = await env.DB.prepare(
    `SELECT COUNT(*) AS n, MAX((julianday(COALESCE(started_at, ?)) - julianday(created_at)) * 86400.0) AS wait
     FROM jobs WHERE workspace_id = ? AND (status = 'queued' OR started_at >= ?)`,
  )
    .bind(now, workspaceId, since)
    .first<{ n: number; wait: number | null }>();
  return { value: Math.max(0, row?.wait ?? 0), samples: row?.n ?? 0 };
}

/**
 * The highest use, in percent of its limit, over every bounded quota of the plan (projects,
 * storage, monthly processing, each included meter), from the tenancy module's quota document.
 */
async function quotaUsePercent(env: Env, workspaceId: string): Promise<Measurement> {
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) return { value: 0, samples: 0 };
  const { quotas, included } = await quotaStatus(env, account);
  const pairs: [number, number | null][] = [
    [quotas.projects.current, quotas.projects.limit],
    [quotas.storage.current, quotas.storage.limit],
    [quotas.monthly_processing.current, quotas.monthly_processing.limit],
    ...Object.values(included).map((m): [number, number] => [m.used, m.included]),
  ];
  const percents = pairs
    .filter(([, limit]) => limit !== null && limit > 0)
    .map(([used, limit]) => (used / limit!) * 100);
  return { value: Math.max(0, ...percents), samples: percents.length };
}

/** The current value of the figure a rule watches, over the rule's window ending now. */
export async function measure(
  env: Env,
  workspace: { id: string; plan: string },
  rule: AlertRuleRecord,
  nowMs = Date.now(),
): Promise<Measurement> {
  const since = isoNow(nowMs - rule.windowMinutes * 60_000);
  switch (rule.metric) {
    case "job_failure_rate":
      return jobFailureRate(env, workspace.id, since);
    case "spend_usd":
      return spendUsd(env, workspace.id, since);
    case "queue_wait_seconds":
      return queueWaitSeconds(env, workspace.id, since, isoNow(nowMs));
    case "quota_use_percent":
      return quotaUsePercent(env, workspace.id);
  }
}

/** True when the measurement crosses the rule's threshold (and, for rates, rests on enough jobs). */
export function isFiring(rule: AlertRuleRecord, measurement: Measurement): boolean {
  if (rule.metric === "job_failure_rate" && measurement.samples < rule.minJobs) return false;
  return measurement.value >= rule.threshold;
}
