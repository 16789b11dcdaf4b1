/**
 * Gauges read from D1 at scrape time (one batch, one round trip): the job queue's depth and the
 * age of its oldest waiting stage, jobs in flight, dead jobs awaiting replay, and workspaces by
 * plan. "Active" means the workspace created a job in the last 24 hours.
 */
import type { MetricSet } from "./exposition";

const ACTIVE_WINDOW_MS = 24 * 3600 * 1000;

/** Adds the D1-derived gauges to `set`. */
export async function addStoredFigures(env: Pick<Env, "DB">, set: MetricSet, now = Date.now()): Promise<void> {
  const since = new Date(now - ACTIVE_WINDOW_MS).toISOString();
  const [queued, inFlight, dead, plans, active] = await env.DB.batch([
    env.DB.prepare("SELECT count(*) AS n, min(updated_at) AS oldest FROM jobs WHERE status = 'queued'"),
    env.DB.prepare("SELECT status, count(*) AS n FROM jobs WHERE status IN ('queued', 'running') GROUP BY status"),
    env.DB.prepare("SELECT count(*) AS n FROM dead_jobs WHERE replayed_at IS NULL"),
    env.DB.prepare("SELECT plan, count(*) AS n FROM workspaces GROUP BY plan"),
    env.DB.prepare(
      "SELECT w.plan AS plan, count(DISTINCT j.workspace_id) AS n FROM jobs j JOIN workspaces w ON w.id = j.workspace_id WHERE j.created_at >= ? GROUP BY w.plan",
    ).bind(since),
  ]);
  const waiting = queued!.results[0] as { n: number; oldest: string | null };
  set.set("zukai_queue_depth", { queue: "zukai-jobs" }, waiting.n);
  set.set(
    "zukai_queue_oldest_age_seconds",
    { queue: "zukai-jobs" },
    waiting.oldest ? Math.max(0, (now - Date.parse(waiting.oldest)) / 1000) : 0,
  );
  const byStatus = new Map((inFlight!.results as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  for (const status of ["queued", "running"]) set.set("zukai_jobs", { status }, byStatus.get(status) ?? 0);
  set.set("zukai_dead_jobs_pending", {}, (dead!.results[0] as { n: number }).n);
  const activeByPlan = new Map((active!.results as { plan: string; n: number }[]).map((r) => [r.plan, r.n]));
  for (const { plan, n } of plans!.results as { plan: string; n: number }[]) {
    set.set("zukai_workspaces", { plan }, n);
    set.set("zukai_active_workspaces", { plan }, activeByPlan.get(plan) ?? 0);
  }
}
