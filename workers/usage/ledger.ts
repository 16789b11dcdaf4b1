/**
 * The usage ledger: one row per metered event, keyed by (workspace, event id) so a retry or a duplicate
 * delivery can never add a second row (INSERT OR IGNORE), and an id derived from a job
 * (`use_<jobId>_<meter>`) cannot be pre-claimed from another workspace. Sums are taken in thousandths of a
 * unit as integers, so totals and invoices do not pick up floating-point error.
 */
import type { Window } from "../billing/periods";
import type { Meter } from "../billing/plans";
import { type Guard, insertOrIgnore } from "../db/guard";

export interface UsageEvent {
  id: string;
  workspaceId: string;
  jobId: string | null;
  meter: Meter;
  quantity: number;
  occurredAt: string;
}

const COLUMNS = ["id", "workspace_id", "job_id", "meter", "quantity", "occurred_at"];

/** The statement that records one event (part of a stage's batch), applied only while `guard` holds when given. */
export function usageStatement(env: Pick<Env, "DB">, event: UsageEvent, guard?: Guard): D1PreparedStatement {
  const e = event;
  return insertOrIgnore(
    env,
    "usage_events",
    COLUMNS,
    [e.id, e.workspaceId, e.jobId, e.meter, e.quantity, e.occurredAt],
    guard,
  );
}

/** The event a job's result is metered by: one per job and meter kind (`use_<jobId>_<kind>`), so a retry adds nothing. */
export function jobUsage(
  job: { id: string; workspaceId: string },
  kind: string,
  meter: Meter,
  quantity: number,
  occurredAt: string,
): UsageEvent {
  return { id: `use_${job.id}_${kind}`, workspaceId: job.workspaceId, jobId: job.id, meter, quantity, occurredAt };
}

/** A workspace's API calls in the minute starting at `minuteMs` (the RateLimiter counts them); the id names the minute. */
export function apiCallsUsage(workspaceId: string, minuteMs: number, calls: number): UsageEvent {
  return {
    id: `use_api_${workspaceId}_${minuteMs}`,
    workspaceId,
    jobId: null,
    meter: "api_calls",
    quantity: calls,
    occurredAt: new Date(minuteMs).toISOString(),
  };
}

export interface MeterTotal {
  meter: string;
  /** Thousandths of the meter's unit. */
  milli: number;
  events: number;
}

/** Each meter's total in a window [from, to), optionally for one meter only. */
export async function meterTotals(
  env: Pick<Env, "DB">,
  workspaceId: string,
  window: Window,
  meter?: string,
): Promise<MeterTotal[]> {
  const { results } = await env.DB.prepare(
    `SELECT meter, SUM(CAST(ROUND(quantity * 1000) AS INTEGER)) AS milli, COUNT(*) AS events FROM usage_events
     WHERE workspace_id = ? AND occurred_at >= ? AND occurred_at < ? ${meter ? "AND meter = ?" : ""} GROUP BY meter ORDER BY meter`,
  )
    .bind(workspaceId, window.from, window.to, ...(meter ? [meter] : []))
    .all<MeterTotal>();
  return results;
}

/** A page of events in a window, oldest first, after the (occurredAt, id) position `after`. */
export async function listUsageEvents(
  env: Pick<Env, "DB">,
  workspaceId: string,
  window: Window,
  options: { meter?: string; after?: { occurredAt: string; id: string }; limit: number },
): Promise<UsageEvent[]> {
  const after = options.after;
  const { results } = await env.DB.prepare(
    `SELECT id, workspace_id AS workspaceId, job_id AS jobId, meter, quantity, occurred_at AS occurredAt FROM usage_events
     WHERE workspace_id = ? AND occurred_at >= ? AND occurred_at < ? ${options.meter ? "AND meter = ?" : ""}
     ${after ? "AND (occurred_at > ? OR (occurred_at = ? AND id > ?))" : ""}
     ORDER BY occurred_at, id LIMIT ?`,
  )
    .bind(
      workspaceId,
      window.from,
      window.to,
      ...(options.meter ? [options.meter] : []),
      ...(after ? [after.occurredAt, after.occurredAt, after.id] : []),
      options.limit,
    )
    .all<UsageEvent>();
  return results;
}
