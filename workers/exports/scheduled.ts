/**
 * Scheduled backups: on the cron, each workspace whose plan includes them gets an export when its
 * last scheduled one is older than the plan's interval (professional weekly, enterprise daily; free
 * none). A bounded number per run keeps one cron invocation short; the rest follow on the next.
 */
import { createExportRecord, runExport } from "./exports";

export const SCHEDULED_EXPORT_INTERVAL_HOURS: Record<string, number> = { professional: 7 * 24, enterprise: 24 };
const PER_RUN = 10;

/** The workspaces due a scheduled export now, oldest-due first. */
export async function workspacesDueExport(env: Env, nowMs = Date.now()): Promise<string[]> {
  const due: string[] = [];
  for (const [plan, hours] of Object.entries(SCHEDULED_EXPORT_INTERVAL_HOURS)) {
    const cutoff = new Date(nowMs - hours * 3_600_000).toISOString();
    const { results } = await env.DB.prepare(
      `SELECT w.id FROM workspaces w WHERE w.plan = ? AND NOT EXISTS (
         SELECT 1 FROM workspace_exports e WHERE e.workspace_id = w.id AND e.trigger = 'scheduled' AND e.created_at > ?)
       ORDER BY w.id LIMIT ?`,
    )
      .bind(plan, cutoff, PER_RUN)
      .all<{ id: string }>();
    due.push(...results.map((r) => r.id));
  }
  return due.slice(0, PER_RUN);
}

/** Cron: runs the due scheduled exports one after another; a failure is recorded on its export. */
export async function runScheduledExports(env: Env, nowMs = Date.now()): Promise<string[]> {
  const done: string[] = [];
  for (const workspaceId of await workspacesDueExport(env, nowMs)) {
    const record = await createExportRecord(env, workspaceId, "scheduled", "system");
    await runExport(env, record);
    done.push(record.id);
  }
  return done;
}
