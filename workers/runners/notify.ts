/**
 * Telling people that runner capacity changed: a structured log line for operators, and a
 * `system:notification` on the hub of every workspace with work waiting or running, since their
 * jobs are the ones that slow down.
 */
import { publishEvent } from "../events/publish";
import type { CapacityChange } from "./pool-state";

/** At most this many workspaces are told directly; the rest see slower jobs and the status page. */
const MAX_NOTIFIED_WORKSPACES = 500;

/** The notification a capacity change deserves. */
export function capacityMessage(change: CapacityChange): { level: "info" | "warning" | "critical"; message: string } {
  const level = change.after === 0 ? "critical" : change.after < change.before ? "warning" : "info";
  const verb = change.after < change.before ? "dropped" : "recovered";
  const message = `Media processing capacity ${verb}: ${change.after} of ${change.total} runners healthy.${change.after < change.before ? " Jobs may take longer; running ones are retried on the remaining runners." : ""}`;
  return { level, message };
}

/** Logs the change and notifies the workspaces with active jobs. */
export async function announceCapacityChange(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  change: CapacityChange,
): Promise<void> {
  console.warn(JSON.stringify({ event: "runner_pool.capacity_changed", ...change }));
  const { level, message } = capacityMessage(change);
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT workspace_id AS id FROM jobs WHERE status IN ('queued', 'running') LIMIT ?",
  )
    .bind(MAX_NOTIFIED_WORKSPACES)
    .all<{ id: string }>();
  await Promise.all(results.map((row) => publishEvent(env, row.id, { type: "system:notification", level, message })));
}
