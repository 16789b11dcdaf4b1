/**
 * Dead jobs: stages whose queue message used up its retries. The dead-letter consumer fails the
 * job and records it here in one batch; an operator lists them across workspaces and replays one,
 * which reopens the job at the stage that died (its checkpoint kept) and queues that stage again.
 */

import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { deadJobs } from "../db/schema";
import { jobEndOutboxStatement } from "../events/outbox";
import type { JobStage } from "../jobs/jobs";
import type { StageMessage } from "../jobs/messages";
import { queueStage } from "../jobs/stages";
import { reopenDeadStatement, retriesExhaustedStatement } from "../jobs/transitions";
import { AppError, conflict, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";

export type DeadJob = typeof deadJobs.$inferSelect;

const STILL_DEAD =
  "SELECT 1 FROM jobs WHERE id = ? AND workspace_id = ? AND status = 'failed' AND error_code = 'retries_exhausted'";

/** Fails the job for good, writes its end to the outbox and records it as dead, once; true if this call failed the job. */
export async function deadLetterJob(
  env: Pick<Env, "DB">,
  message: StageMessage,
  deliveries: number,
  reason: string,
): Promise<boolean> {
  const now = isoNow();
  const { jobId, workspaceId, stage } = message;
  const [failed] = await env.DB.batch([
    retriesExhaustedStatement(env, { id: jobId, workspaceId }, reason, now),
    // The job's end, written only when the update above failed it (published by the hub: kickOutbox).
    jobEndOutboxStatement(
      env,
      { id: jobId, workspaceId },
      { status: "failed", code: "retries_exhausted", message: reason },
    ),
    // A redelivered dead letter finds the open record and adds none.
    env.DB.prepare(
      `INSERT INTO dead_jobs (id, workspace_id, job_id, stage, reason, deliveries, dead_at) SELECT ?, ?, ?, ?, ?, ?, ?
       WHERE EXISTS (${STILL_DEAD}) AND NOT EXISTS (SELECT 1 FROM dead_jobs WHERE workspace_id = ? AND job_id = ? AND replayed_at IS NULL)`,
    ).bind(
      newId("dlj"),
      workspaceId,
      jobId,
      stage,
      reason.slice(0, 1000),
      deliveries,
      now,
      jobId,
      workspaceId,
      workspaceId,
      jobId,
    ),
  ]);
  return failed!.meta.changes === 1;
}

/** Dead jobs across all workspaces, newest first; `pending` keeps only those not replayed. */
export async function listDeadJobs(
  env: Pick<Env, "DB">,
  pending: boolean,
  limit: number,
  afterId?: string,
): Promise<DeadJob[]> {
  return getDb(env)
    .select()
    .from(deadJobs)
    .where(and(pending ? isNull(deadJobs.replayedAt) : undefined, afterId ? lt(deadJobs.id, afterId) : undefined))
    .orderBy(desc(deadJobs.id))
    .limit(limit + 1)
    .all();
}

/** Reopens a dead job at the stage that died and queues that stage again. */
export async function replayDeadJob(env: Env, id: string): Promise<DeadJob> {
  const row = await getDb(env).select().from(deadJobs).where(eq(deadJobs.id, id)).get();
  if (!row) throw notFound("dead job");
  if (row.replayedAt) throw conflict("already_replayed", `This dead job was replayed at ${row.replayedAt}.`);
  const now = isoNow();
  const [marked] = await env.DB.batch([
    env.DB.prepare(
      `UPDATE dead_jobs SET replayed_at = ? WHERE id = ? AND replayed_at IS NULL AND EXISTS (${STILL_DEAD})`,
    ).bind(now, id, row.jobId, row.workspaceId),
    reopenDeadStatement(env, { id: row.jobId, workspaceId: row.workspaceId }, row.stage, id, now),
  ]);
  if (marked!.meta.changes !== 1)
    throw conflict("not_replayable", "The job is no longer dead (replayed, canceled or deleted meanwhile).");
  try {
    await queueStage(env, { id: row.jobId, workspaceId: row.workspaceId }, row.stage as JobStage);
  } catch (error) {
    // Nothing half-done: without its message the job would wait forever, so it is dead again.
    await env.DB.batch([
      retriesExhaustedStatement(env, { id: row.jobId, workspaceId: row.workspaceId }, row.reason, now, "queued"),
      env.DB.prepare("UPDATE dead_jobs SET replayed_at = NULL WHERE id = ?").bind(id),
    ]);
    throw new AppError(
      503,
      "queue_unavailable",
      "Service unavailable",
      `The stage could not be queued again: ${String(error)}`,
    );
  }
  return { ...row, replayedAt: now };
}

/** Dead jobs not replayed yet. */
export async function deadLetterCount(env: Pick<Env, "DB">): Promise<number> {
  return (
    (await env.DB.prepare("SELECT count(*) AS n FROM dead_jobs WHERE replayed_at IS NULL").first<{ n: number }>())?.n ??
    0
  );
}
