/**
 * What the consumer does when a stage fails. A permanent cause (the runner judged the input, the
 * engine failed on the same input twice, the job was canceled, a quota) fails the job at once.
 * Everything else is transient and tried again with backoff until the stage's retry budget in
 * time is spent (retry-budget.ts); only then is the job dead-lettered, with what was tried.
 */

import { kickOutbox } from "../events/outbox";
import { failJob, findJob, type JobRecord, type JobStage, LEASE_SECONDS, releaseJob, TERMINAL } from "../jobs/jobs";
import type { QueueMessage, StageMessage } from "../jobs/messages";
import { AfterCommitError, queueStage } from "../jobs/stages";
import { ChaosCrash } from "../lib/chaos-faults";
import { AppError } from "../lib/errors";
import { now } from "../lib/time";
import { countDeadLetter, observeStage, type StageOutcome } from "../metrics/record";
import { quotaFailureOf } from "../quotas/refusals";
import { PermanentRunnerError, TransientRunnerError } from "../runners/runner-client";
import { deadLetterJob } from "./dead-jobs";
import {
  backoffSeconds,
  budgetSpent,
  describeTried,
  engineFailedTwice,
  QUEUE_MAX_RETRIES,
  RETRY_BUDGET_SECONDS,
  type RetryRecord,
  recordFailure,
  retryRecordOf,
  type StageFailure,
} from "./retry-budget";
import { discardCheckpoints } from "./transcription-stage";

type Observe = (outcome: StageOutcome, errorCode?: string) => void;

/**
 * Asks for the message again in `delaySeconds`. Near the queue's own delivery cap it sends a
 * fresh message instead, so the time budget, not the platform's count, decides when to stop.
 */
export async function retryLater(
  env: Env,
  message: Message<unknown>,
  body: QueueMessage,
  delaySeconds: number,
): Promise<void> {
  if (message.attempts < QUEUE_MAX_RETRIES - 5) return message.retry({ delaySeconds });
  try {
    await env.JOBS.send(body, { delaySeconds });
  } catch {
    // Not sent: the queue keeps the old message instead (its dead-letter consumer applies the budget).
    return message.retry({ delaySeconds });
  }
  message.ack();
}

function failureOf(error: unknown): StageFailure {
  if (error instanceof TransientRunnerError)
    return { what: `${error.message} (runner ${error.runner})`, code: error.code };
  return { what: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

async function failPermanently(
  env: Env,
  job: JobRecord,
  _stage: JobStage,
  code: string,
  reason: string,
  observe: Observe,
): Promise<void> {
  // A canceled job was announced by the cancel itself; failJob leaves it canceled.
  if (code === "canceled") await discardCheckpoints(env, job);
  else observe("failed", code);
  // failJob writes the end to the event outbox in its own batch; the kick publishes it now.
  if (await failJob(env, job.workspaceId, job.id, code, reason)) await kickOutbox(env, job.workspaceId);
}

/** Dead-letters the job: its stage spent the retry budget. */
async function giveUp(
  env: Env,
  ctx: ExecutionContext | undefined,
  body: StageMessage,
  job: JobRecord,
  deliveries: number,
  record: RetryRecord,
): Promise<void> {
  const reason = `Gave up on the ${body.stage} stage after ${RETRY_BUDGET_SECONDS / 60} minutes of retrying: ${describeTried(record)}`;
  // Failed and recorded as a dead job in one batch, so an operator can list and replay it.
  if (await deadLetterJob(env, body, deliveries, reason)) {
    observeStage({ env, ctx }, { job, stage: body.stage, outcome: "dead", seconds: 0, errorCode: "retries_exhausted" });
    await kickOutbox(env, job.workspaceId);
  }
}

/** A stage that threw: the job fails for a permanent cause, otherwise the stage is tried again within its budget. */
export async function settleFailure(
  env: Env,
  ctx: ExecutionContext | undefined,
  message: Message<unknown>,
  failed: { body: StageMessage; job: JobRecord; stage: JobStage },
  thrown: unknown,
  observe: Observe,
): Promise<void> {
  const { body, job, stage } = failed;
  if (thrown instanceof AfterCommitError) {
    // A chaos fault killed the invocation: nothing is settled, as in a real crash.
    if (thrown.cause instanceof ChaosCrash) throw thrown.cause;
    // The stage's results stand; the next delivery finds the job past it and queues what follows.
    console.error(
      JSON.stringify({ event: "stage.after_commit_failed", jobId: job.id, stage, error: String(thrown.cause) }),
    );
    return retryLater(env, message, body, backoffSeconds(message.attempts));
  }
  if (thrown instanceof ChaosCrash) throw thrown;
  const error = quotaFailureOf(thrown) ?? thrown;
  if (error instanceof PermanentRunnerError || error instanceof AppError) {
    await failPermanently(env, job, stage, error.code, error.message, observe);
    return message.ack();
  }
  if (!(error instanceof TransientRunnerError))
    console.error(JSON.stringify({ event: "stage.crashed", jobId: job.id, stage, error: String(error) }));
  const failure = failureOf(error);
  const record = await recordFailure(env, job, stage, failure);
  if (engineFailedTwice(record)) {
    await failPermanently(
      env,
      job,
      stage,
      "engine_failed",
      `The engine failed on this input twice, so the input is at fault: ${describeTried(record)}`,
      observe,
    );
    return message.ack();
  }
  if (budgetSpent(record)) {
    await giveUp(env, ctx, { ...body, stage }, job, message.attempts, record);
    return message.ack();
  }
  observe("retried");
  await releaseJob(env, job.workspaceId, job.id, failure.what);
  await retryLater(env, message, { ...body, stage }, backoffSeconds(record.failures));
}

/**
 * A stage message the queue gave up on (its delivery cap, not our budget): if the job still waits
 * at that stage, the budget decides: spent, the job is dead; otherwise a fresh message carries on.
 */
export async function handleStageDeadLetter(
  env: Env,
  ctx: ExecutionContext | undefined,
  message: Message<unknown>,
  body: StageMessage,
): Promise<void> {
  countDeadLetter({ env, ctx }, body.type);
  const job = await findJob(env, body.workspaceId, body.jobId);
  // Gone, ended, past this stage, or being worked on right now: a duplicate, nothing to decide.
  const live = job?.status === "running" && now() - Date.parse(job.updatedAt) < LEASE_SECONDS * 1000;
  if (!job || TERMINAL.includes(job.status) || job.stage !== body.stage || live) return message.ack();
  const known = retryRecordOf(job, body.stage);
  if (known && budgetSpent(known)) {
    await giveUp(env, ctx, body, job, message.attempts, known);
    return message.ack();
  }
  const record = await recordFailure(env, job, body.stage, {
    what: `the queue stopped delivering after ${message.attempts} deliveries (consumer crashes or restarts)`,
  });
  if (budgetSpent(record)) await giveUp(env, ctx, body, job, message.attempts, record);
  else await queueStage(env, job, body.stage);
  message.ack();
}
