/**
 * Every change to a job row made outside the stage path (jobs.ts and stages.ts own create, claim,
 * progress and stage moves): cancel, dead-lettering and replay, checkpoint merges, idempotency
 * marks, batch membership, the input a URL job fetched. Callers batch these statements with their own writes; each is guarded
 * on the status it expects, so a job that moved meanwhile is left as it is (changes = 0).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { jobs } from "../db/schema";
import type { JobRecord } from "./jobs";

type JobRef = Pick<JobRecord, "id" | "workspaceId">;

/** Cancels a job still queued or running. */
export function cancelStatement(env: Pick<Env, "DB">, job: JobRef, now: string): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE jobs SET status = 'canceled', finished_at = ?, updated_at = ?, eta_seconds = NULL, current_operation = 'canceled' WHERE id = ? AND workspace_id = ? AND status IN ('queued', 'running')",
  ).bind(now, now, job.id, job.workspaceId);
}

/** Fails an open job whose stage used up its retries; `fromStatuses` are the states it may be in. */
export function retriesExhaustedStatement(
  env: Pick<Env, "DB">,
  job: JobRef,
  reason: string,
  now: string,
  fromStatuses: "open" | "queued" = "open",
): D1PreparedStatement {
  const from = fromStatuses === "open" ? "status IN ('queued', 'running')" : "status = 'queued'";
  return env.DB.prepare(
    `UPDATE jobs SET status = 'failed', error_code = 'retries_exhausted', error_message = ?, finished_at = ?, updated_at = ?, eta_seconds = NULL WHERE id = ? AND workspace_id = ? AND ${from}`,
  ).bind(reason.slice(0, 1000), now, now, job.id, job.workspaceId);
}

/**
 * Reopens a dead job at `stage`, its retry budget afresh (pipeline/retry-budget.ts), only while
 * the dead_jobs row `deadJobId` is marked replayed at `now` in the same batch.
 */
export function reopenDeadStatement(
  env: Pick<Env, "DB">,
  job: JobRef,
  stage: string,
  deadJobId: string,
  now: string,
): D1PreparedStatement {
  return env.DB.prepare(
    `UPDATE jobs SET status = 'queued', stage = ?, error_code = NULL, error_message = NULL, finished_at = NULL, eta_seconds = NULL,
       checkpoint = json_remove(checkpoint, '$.retry'), current_operation = 'queued (replayed)', updated_at = ? WHERE id = ? AND workspace_id = ? AND status = 'failed' AND error_code = 'retries_exhausted'
       AND EXISTS (SELECT 1 FROM dead_jobs WHERE id = ? AND replayed_at = ?)`,
  ).bind(stage, now, job.id, job.workspaceId, deadJobId, now);
}

/** Merges `fields` into an open job's checkpoint, keeping what else it holds. */
export function mergeCheckpointStatement(
  env: Pick<Env, "DB">,
  job: JobRef,
  fields: Record<string, unknown>,
  now: string,
): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE jobs SET checkpoint = json_patch(coalesce(checkpoint, '{}'), ?), updated_at = ? WHERE id = ? AND workspace_id = ? AND status IN ('queued', 'running')",
  ).bind(JSON.stringify(fields), now, job.id, job.workspaceId);
}

/** Clears the mark an idempotency key left on the job it created. */
export function forgetIdempotencyMark(db: Db, workspaceId: string, key: string) {
  return db
    .update(jobs)
    .set({ idempotencyKey: null })
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.idempotencyKey, key)));
}

/** Clears the marks of every idempotency key that expired before `now` (the cron's purge). */
export function forgetExpiredIdempotencyMarks(env: Pick<Env, "DB">, now: string): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE jobs SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL AND EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.workspace_id = jobs.workspace_id AND k.key = jobs.idempotency_key AND k.expires_at < ?)",
  ).bind(now);
}

/** Puts the workspace's jobs `jobIds` in batch `batchId`. */
export function assignBatch(db: Db, workspaceId: string, jobIds: string[], batchId: string) {
  return db
    .update(jobs)
    .set({ batchId })
    .where(and(eq(jobs.workspaceId, workspaceId), inArray(jobs.id, jobIds)));
}

/** Records the format and size of the recording a URL job fetched, while the job runs. */
export function recordInputStatement(
  env: Pick<Env, "DB">,
  job: JobRef,
  input: { format: string; size: number },
): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE jobs SET options = json_set(options, '$.inputFormat', ?, '$.inputBytes', ?) WHERE id = ? AND workspace_id = ? AND status = 'running'",
  ).bind(input.format, input.size, job.id, job.workspaceId);
}
