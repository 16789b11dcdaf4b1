/**
 * The event outbox (DESIGN §7 "one outbox, one publisher"). An event that must reach the workspace
 * (an audit entry, a job's end) is a row written in the same D1 batch as the change it reports, so
 * the change never stands without it. The workspace's hub is the one publisher: it applies the rows
 * in `pos` order and stamps them published (durable-objects/workspace-hub/outbox-publisher.ts).
 *
 * The contract, which holds wherever the rows live (D1 today, the workspace's own Durable Object
 * storage later): an event has a stable id, a kind and a self-contained JSON body; publishing it is
 * idempotent on that id; a workspace's events are published in the order they were written.
 * Named apart from the mail `outbox` table, which is unrelated.
 */

import { z } from "zod";
import type { AuditAppend } from "../audit/entry";
import type { Db } from "../db/client";
import { eventOutbox } from "../db/schema";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";

/** A job's end as the outbox carries it; the webhook flag is read from the job's options in the same statement. */
export const JobEndBody = z.object({
  jobId: z.string(),
  projectId: z.string().nullable(),
  status: z.enum(["succeeded", "failed", "canceled"]),
  code: z.string().nullable(),
  message: z.string().nullable(),
  webhook: z.union([z.boolean(), z.number()]).transform(Boolean),
});
export type JobEndBody = z.infer<typeof JobEndBody>;

/** Audit entries, with their ids and times fixed when the change is written (so a replay appends nothing new). */
export interface AuditBody {
  entries: (AuditAppend & { id: string; at: string })[];
}

/**
 * What a caller hands a domain function so that the change it writes carries its own entries: the
 * function computes its result (ids, times) before writing, turns it into entries with this, and
 * writes them (auditOutboxStatement / auditOutboxRow) in the batch of the change, then kicks.
 */
export type AuditOf<R> = (result: R) => AuditBody;

export interface OutboxRow {
  pos: number;
  id: string;
  kind: "audit" | "job_end";
  body: string;
  createdAt: string;
}

/**
 * The row for audit entries; goes into the batch of the change they record. `guarded` writes it
 * only when the statement just before it in the batch changed a row (a conditional change).
 */
export function auditOutboxStatement(
  env: Pick<Env, "DB">,
  workspaceId: string,
  body: AuditBody,
  options: { guarded?: boolean } = {},
): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO event_outbox (id, workspace_id, kind, body, created_at) SELECT ?, ?, 'audit', ?, ?${options.guarded ? " WHERE changes() > 0" : ""}`,
  ).bind(newId("evt"), workspaceId, JSON.stringify(body), isoNow());
}

/** The same audit row as a drizzle value, for batches written with drizzle (see insertAuditRow). */
export function auditOutboxRow(workspaceId: string, body: AuditBody): typeof eventOutbox.$inferInsert {
  return { id: newId("evt"), workspaceId, kind: "audit", body: JSON.stringify(body), createdAt: isoNow() };
}

/** The drizzle insert of an audit row (`row` from auditOutboxRow, when the caller needs its id). */
export function insertAuditRow(db: Db, row: typeof eventOutbox.$inferInsert) {
  return db.insert(eventOutbox).values(row);
}

export type JobEnd = { status: "succeeded" | "canceled" } | { status: "failed"; code: string; message: string };

/**
 * The row for a job's end. It must directly follow the statement that makes the job terminal in
 * the same batch: `changes() = 1` writes it only when that statement moved the job, so a duplicate
 * delivery or a lost race writes no second end.
 */
export function jobEndOutboxStatement(
  env: Pick<Env, "DB">,
  job: { id: string; workspaceId: string },
  end: JobEnd,
): D1PreparedStatement {
  const code = end.status === "failed" ? end.code : null;
  const message = end.status === "failed" ? end.message.slice(0, 1000) : null;
  return env.DB.prepare(
    `INSERT INTO event_outbox (id, workspace_id, kind, body, created_at)
     SELECT ?, workspace_id, 'job_end', json_object('jobId', id, 'projectId', project_id, 'status', ?, 'code', ?, 'message', ?,
       'webhook', IFNULL(json_type(options, '$.webhookUrl') = 'text', 0)), ?
     FROM jobs WHERE id = ? AND workspace_id = ? AND changes() = 1`,
  ).bind(newId("evt"), end.status, code, message, isoNow(), job.id, job.workspaceId);
}

/** The workspace's unpublished events, oldest first. */
export async function pendingOutbox(db: D1Database, workspaceId: string, limit: number): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare(
      "SELECT pos, id, kind, body, created_at AS createdAt FROM event_outbox WHERE workspace_id = ? AND published_at IS NULL ORDER BY pos LIMIT ?",
    )
    .bind(workspaceId, limit)
    .all<OutboxRow>();
  return results;
}

/** Stamps an event published; batched with the event's own write where it has one. */
export function markPublishedStatement(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare("UPDATE event_outbox SET published_at = ? WHERE id = ? AND published_at IS NULL")
    .bind(isoNow(), id);
}

const KICK_ATTEMPTS = 3;

/**
 * What publishes a workspace's committed outbox rows: kickOutbox from the Worker; inside the
 * WorkspaceHub, the hub's own drain (so it does not call itself through its stub).
 */
export type OutboxKick = (workspaceId: string) => Promise<void>;

/**
 * Asks the workspace's hub to publish what is pending. Never throws: the rows are committed, so a
 * hub that cannot be reached now (evicted, restarting) only delays them; the hub's alarm and the
 * cron pick them up.
 */
export async function kickOutbox(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string): Promise<void> {
  await kickReached(env, workspaceId);
}

/**
 * kickOutbox that says whether the hub drained: a queue message whose only remaining duty is this
 * nudge retries on false, so an end whose hub restarted through every attempt is not left to the
 * cron alone.
 */
export async function kickReached(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string): Promise<boolean> {
  for (let attempt = 1; attempt <= KICK_ATTEMPTS; attempt++) {
    try {
      await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId)).drainOutbox(workspaceId);
      return true;
    } catch (error) {
      if (attempt === KICK_ATTEMPTS)
        console.warn(JSON.stringify({ event: "outbox.kick_failed", workspaceId, error: String(error) }));
      else await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
  return false;
}

/** How old an unpublished event must be before the cron treats its hub as stalled. */
const STALLED_AFTER_MS = 30_000;
/** Published events are kept this long (for operators), then purged. */
const KEEP_PUBLISHED_MS = 7 * 24 * 3600_000;

/** The cron's backstop: kicks every workspace with an event left unpublished, and purges old published ones. */
export async function kickStalledOutboxes(env: Pick<Env, "DB" | "WORKSPACE_HUB">, now = Date.now()): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT workspace_id AS workspaceId FROM event_outbox WHERE published_at IS NULL AND created_at < ? LIMIT 500",
  )
    .bind(isoNow(now - STALLED_AFTER_MS))
    .all<{ workspaceId: string }>();
  await Promise.all(results.map((r) => kickOutbox(env, r.workspaceId)));
  await env.DB.prepare("DELETE FROM event_outbox WHERE published_at IS NOT NULL AND published_at < ?")
    .bind(isoNow(now - KEEP_PUBLISHED_MS))
    .run();
  return results.map((r) => r.workspaceId);
}
