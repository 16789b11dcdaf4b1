/**
 * Storage metering: once per hour every workspace's stored bytes (the artifact ledger) accrue as
 * GB-hours. The cron runs every 15 minutes; the row id names the hour, so only the first run of
 * an hour writes and the others add nothing. One statement covers all workspaces.
 */

/** The hour (UTC) that contains `ms`, as its ISO start. */
export function hourStart(ms: number): string {
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();
}

/** Accrues the current hour's storage for every workspace that stores anything; returns rows written. */
export async function accrueStorageHour(env: Pick<Env, "DB">, now = Date.now()): Promise<number> {
  const hour = hourStart(now);
  const result = await env.DB.prepare(
    `INSERT OR IGNORE INTO usage_events (id, workspace_id, job_id, meter, quantity, occurred_at)
     SELECT 'use_storage_' || workspace_id || '_' || ?1, workspace_id, NULL, 'storage_gb_hours', SUM(size) / 1e9, ?2
     FROM artifacts GROUP BY workspace_id HAVING SUM(size) > 0`,
  )
    .bind(String(Date.parse(hour)), hour)
    .run();
  return result.meta.changes;
}
