/**
 * Holds on capped monthly allowances. Admission writes, for each capped meter a job will use, a
 * hold of what it expects to use; the D1 trigger of migration 0007_usage_ids refuses the insert
 * when the month's metered use plus the live holds already reach the cap. One batch per job, so a
 * job gets all of its holds or none, and concurrent requests cannot both take the last unit.
 */
import type { Window } from "../billing/periods";
import type { BilledMeter } from "../billing/plans";

/** A hold whose job was never written (its request failed after admission) stops counting after this. */
const ORPHAN_HOLD_MS = 5 * 60_000;

export interface AllowanceHold {
  meter: BilledMeter;
  capMilli: number;
  quantityMilli: number;
}

/** The SQL (after FROM usage_holds h) of the holds that still count at `?now`: same rule as the trigger's. */
const LIVE_HOLDS = `h.workspace_id = ?1 AND h.meter = ?2 AND h.month_from = ?3
  AND NOT EXISTS (SELECT 1 FROM usage_events u WHERE u.workspace_id = h.workspace_id AND u.job_id = h.job_id AND u.meter = h.meter)
  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = h.job_id AND j.workspace_id = h.workspace_id AND j.status IN ('succeeded', 'failed', 'canceled'))
  AND (h.expires_at > ?5 OR EXISTS (SELECT 1 FROM jobs j WHERE j.id = h.job_id AND j.workspace_id = h.workspace_id))`;

/** True when `error` is the allowance trigger's refusal. */
export function isAllowanceRefusal(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (/quota_exceeded:monthly/.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}

/** Takes every hold of one job at once; throws the trigger's error when an allowance is used up. */
export async function takeAllowanceHolds(
  env: Pick<Env, "DB">,
  workspaceId: string,
  jobId: string,
  month: Window,
  holds: AllowanceHold[],
  now: string,
): Promise<void> {
  if (holds.length === 0) return;
  const expiresAt = new Date(Date.parse(now) + ORPHAN_HOLD_MS).toISOString();
  await env.DB.batch([
    // Holds of earlier months no longer count anywhere.
    env.DB.prepare("DELETE FROM usage_holds WHERE workspace_id = ? AND month_to <= ?").bind(workspaceId, month.from),
    ...holds.map((hold) =>
      env.DB.prepare(
        "INSERT OR REPLACE INTO usage_holds (workspace_id, job_id, meter, quantity_milli, cap_milli, month_from, month_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).bind(
        workspaceId,
        jobId,
        hold.meter,
        Math.max(0, Math.round(hold.quantityMilli)),
        hold.capMilli,
        month.from,
        month.to,
        now,
        expiresAt,
      ),
    ),
  ]);
}

/** Gives back a job's holds (its admission was refused for another reason). */
export async function releaseAllowanceHolds(env: Pick<Env, "DB">, workspaceId: string, jobId: string): Promise<void> {
  await env.DB.prepare("DELETE FROM usage_holds WHERE workspace_id = ? AND job_id = ?").bind(workspaceId, jobId).run();
}

/** The month's use of one meter in thousandths: what is metered plus what admitted work holds. */
export async function allowanceUseMilli(
  env: Pick<Env, "DB">,
  workspaceId: string,
  meter: string,
  month: Window,
  now: string,
): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT (SELECT COALESCE(SUM(CAST(ROUND(quantity * 1000) AS INTEGER)), 0) FROM usage_events
               WHERE workspace_id = ?1 AND meter = ?2 AND occurred_at >= ?3 AND occurred_at < ?4)
          + (SELECT COALESCE(SUM(h.quantity_milli), 0) FROM usage_holds h WHERE ${LIVE_HOLDS}) AS milli`,
  )
    .bind(workspaceId, meter, month.from, month.to, now)
    .first<{ milli: number }>();
  return row?.milli ?? 0;
}
