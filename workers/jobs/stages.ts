/**
 * Moving a job from one stage to the next. A stage's results and the move are one D1 batch, and
 * the move only happens while the job is still running that stage, so a canceled job or a
 * duplicate delivery cannot advance it. A stage a runner does is its own queue message, so a
 * retry resumes at the stage that failed instead of starting over; a stage the Worker runs itself
 * follows in the same delivery (queue-consumer.ts), which saves a queue hop of up to a second.
 */

import type { Guard } from "../db/guard";
import { jobEndOutboxStatement, kickOutbox } from "../events/outbox";
import { chaosCommitFailure, chaosHubEviction } from "../lib/chaos-faults";
import { isoNow } from "../lib/time";
import { PermanentRunnerError } from "../runners/runner-client";
import type { JobRecord, JobStage } from "./jobs";
import type { StageMessage } from "./messages";

/** The stages the Worker runs itself with the 図解 engine; the rest are done by media runners. */
export const WORKER_STAGES: readonly JobStage[] = ["analysis", "visualization"];

/** The stage after `stage` in the job's plan, if any. */
export function stageAfter(job: Pick<JobRecord, "stages">, stage: JobStage): JobStage | undefined {
  return job.stages[job.stages.indexOf(stage) + 1] as JobStage | undefined;
}

/** The job's overall progress (0–100) when `stage` is `stageProgress` % done. */
export function overallProgress(job: Pick<JobRecord, "stages">, stage: JobStage, stageProgress: number): number {
  const index = Math.max(0, job.stages.indexOf(stage));
  return Math.round(((index + Math.min(100, Math.max(0, stageProgress)) / 100) / job.stages.length) * 1000) / 10;
}

/**
 * Commits `writes` with the end of `stage`: the job succeeds after its last stage, otherwise it
 * moves to the next one, which is queued when a runner does it (the consumer runs a Worker stage
 * next itself). Throws a permanent "canceled" error when the job no longer runs.
 */
export async function completeStage(
  env: Env,
  job: JobRecord,
  stage: JobStage,
  writes: D1PreparedStatement[],
): Promise<void> {
  const next = stageAfter(job, stage);
  const now = isoNow();
  const move = next
    ? env.DB.prepare(
        "UPDATE jobs SET stage = ?, status = 'queued', progress = ?, eta_seconds = NULL, current_operation = 'queued', checkpoint = NULL, updated_at = ? WHERE id = ? AND workspace_id = ? AND status = 'running' AND stage = ?",
      ).bind(next, overallProgress(job, next, 0), now, job.id, job.workspaceId, stage)
    : env.DB.prepare(
        "UPDATE jobs SET status = 'succeeded', progress = 100, eta_seconds = NULL, current_operation = 'done', finished_at = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND status = 'running' AND stage = ?",
      ).bind(now, now, job.id, job.workspaceId, stage);
  chaosCommitFailure(env, job.id, stage);
  // The last stage's batch also writes the job's end to the event outbox (published by the hub).
  const end = next ? [] : [jobEndOutboxStatement(env, job, { status: "succeeded" })];
  const results = await env.DB.batch([...writes, move, ...end]);
  if (results[writes.length]?.meta.changes !== 1) throw new PermanentRunnerError("canceled", "The job was canceled.");
  try {
    if (!next) await chaosHubEviction(env, job.workspaceId, job.id);
    if (next) {
      // A Worker stage is run next by the consumer that ran this one, under the same message: if
      // that run dies, the message comes back, finds the job past this stage, and queues it. If
      // this send fails, the message is retried the same way.
      if (!WORKER_STAGES.includes(next)) await queueStage(env, job, next);
    } else {
      // Never throws: an unreachable hub only delays the end, which is already in the outbox.
      await kickOutbox(env, job.workspaceId);
    }
  } catch (error) {
    throw new AfterCommitError(error);
  }
}

/** A failure after a stage's results were committed: they stand, so nothing of them may be cleaned up. */
export class AfterCommitError extends Error {
  constructor(cause: unknown) {
    super(`failed after the stage was committed: ${String(cause)}`, { cause });
  }
}

/** Queues the message that runs `stage` of a job. */
export async function queueStage(env: Env, job: Pick<JobRecord, "id" | "workspaceId">, stage: JobStage): Promise<void> {
  const message: StageMessage = { type: "stage", jobId: job.id, workspaceId: job.workspaceId, stage };
  await env.JOBS.send(message);
}

/** A guard for a stage's writes: they apply only while the job is still running. */
export const WHILE_RUNNING =
  "WHERE EXISTS (SELECT 1 FROM jobs WHERE id = ? AND workspace_id = ? AND status = 'running')";

/** WHILE_RUNNING with the job's binds, for the table owners' guarded statements. */
export function whileRunning(job: Pick<JobRecord, "id" | "workspaceId">): Guard {
  return { sql: WHILE_RUNNING, args: [job.id, job.workspaceId] };
}
