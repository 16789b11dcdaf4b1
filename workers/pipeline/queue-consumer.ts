/**
 * The JOBS queue consumer and its dead-letter consumer. Every message is parsed with zod and
 * settled on its own: ack after success or a permanent failure (recorded on the job), retry with
 * backoff on a transient one until the stage's retry budget in time is spent (stage-failures.ts). Messages of a batch run concurrently; runners bound the real work.
 * A stage the Worker runs itself follows the stage before it under the same message, which is
 * settled once at the end (stages.ts).
 */

import { kickReached } from "../events/outbox";
import { claimJob, type JobRecord, type JobStage } from "../jobs/jobs";
import { QueueMessage, type StageMessage, type WebhookMessage } from "../jobs/messages";
import { queueStage, stageAfter, WORKER_STAGES } from "../jobs/stages";
import { ChaosCrash, chaosCrashPoint } from "../lib/chaos-faults";
import { now } from "../lib/time";
import { countDeadLetter, observeQueueBatch, observeStage, type StageOutcome } from "../metrics/record";
import { holdJobSlot } from "../quotas/job-slots";
import { runnersForStage } from "../runners/pool";
import { abandonWebhook, deliverWebhook } from "../webhooks/deliver";
import { type DraftedDiagram, runAnalysis, runVisualization } from "./diagram-stages";
import { runRendering } from "./rendering-stage";
import { backoffSeconds } from "./retry-budget";
import { handleStageDeadLetter, retryLater, settleFailure } from "./stage-failures";
import { discardCheckpoints, runTranscription } from "./transcription-stage";

export const DEAD_LETTER_QUEUE = "zukai-jobs-dlq";

/** Attempts at one webhook before it is given up (the queue's own cap is far higher, for stages). */
const WEBHOOK_ATTEMPTS = 6;

/** Runs one claimed stage; analysis returns its draft for visualization to use at once. */
async function runStage(
  env: Env,
  job: JobRecord,
  stage: JobStage,
  drafted?: DraftedDiagram,
): Promise<DraftedDiagram | undefined> {
  switch (stage) {
    case "transcription":
      await runTranscription(env, job, await runnersForStage(env, job));
      return undefined;
    case "analysis":
      return runAnalysis(env, job);
    case "visualization":
      await runVisualization(env, job, drafted);
      return undefined;
    case "rendering":
      await runRendering(env, job, await runnersForStage(env, job));
      return undefined;
  }
}

async function handleStage(
  env: Env,
  ctx: ExecutionContext | undefined,
  message: Message<unknown>,
  body: StageMessage,
): Promise<void> {
  // Over the plan's concurrency the job waits in `queued`; the hub re-queues it when a slot frees.
  if ((await holdJobSlot(env, body)) === "wait") return message.ack();
  const claim = await claimJob(env, body.workspaceId, body.jobId, body.stage);
  if (
    claim.outcome === "finished" &&
    claim.job.stage &&
    claim.job.stage !== body.stage &&
    (claim.job.status === "queued" ||
      (claim.job.status === "running" && WORKER_STAGES.includes(claim.job.stage as JobStage)))
  ) {
    // The job moved on but its next stage may never run: a send that failed, or a Worker stage
    // whose run under this message died. Queue it again; a duplicate is harmless, since only one
    // delivery can claim the stage (a live run's lease makes the other wait, then find it done).
    await queueStage(env, claim.job, claim.job.stage as JobStage);
  }
  // A duplicate of a finished job: its end may still wait in the outbox (the hub was down when it
  // ended), so this turn nudges the hub too; and the run that ended it may have died between its
  // commit and removing its transcription checkpoints, so they go now (the redelivery of that
  // run's own message comes here).
  if (
    claim.outcome === "finished" &&
    (claim.job.status === "succeeded" || claim.job.status === "failed" || claim.job.status === "canceled")
  ) {
    if (claim.job.stages.includes("transcription")) await discardCheckpoints(env, claim.job);
    if (!(await kickReached(env, claim.job.workspaceId))) return retryLater(env, message, body, 2);
  }
  if (claim.outcome === "missing" || claim.outcome === "finished") return message.ack();
  if (claim.outcome === "leased") return retryLater(env, message, body, claim.retryAfterSeconds);
  await runClaimedStages(env, ctx, message, body, claim.job);
}

/** Runs a claimed stage and then each Worker stage after it, and settles the message once. */
async function runClaimedStages(
  env: Env,
  ctx: ExecutionContext | undefined,
  message: Message<unknown>,
  body: StageMessage,
  claimed: JobRecord,
): Promise<void> {
  let stage = body.stage;
  let job = claimed;
  let drafted: DraftedDiagram | undefined;
  for (;;) {
    const started = now();
    const observe = (outcome: StageOutcome, errorCode?: string) =>
      observeStage({ env, ctx }, { job, stage, outcome, seconds: (now() - started) / 1000, errorCode });
    try {
      drafted = await runStage(env, job, stage, drafted);
      observe("succeeded");
    } catch (thrown) {
      return settleFailure(env, ctx, message, { body, job, stage }, thrown, observe);
    }
    const next = stageAfter(job, stage);
    if (!next || !WORKER_STAGES.includes(next)) break;
    const claim = await claimJob(env, job.workspaceId, job.id, next);
    if (claim.outcome !== "claimed") break;
    [stage, job] = [next, claim.job];
  }
  message.ack();
}

async function handleWebhook(env: Env, message: Message<unknown>, body: WebhookMessage): Promise<void> {
  const outcome = await deliverWebhook(env, body, message.attempts);
  if (outcome !== "retry") return message.ack();
  if (message.attempts < WEBHOOK_ATTEMPTS) return message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  await abandonWebhook(env, body, message.attempts);
  message.ack();
}

/** A message the queue gave up on: a webhook is abandoned; a stage is decided by its retry budget. */
async function handleDeadLetter(
  env: Env,
  ctx: ExecutionContext | undefined,
  message: Message<unknown>,
  body: StageMessage | WebhookMessage,
): Promise<void> {
  if (body.type === "stage") return handleStageDeadLetter(env, ctx, message, body);
  countDeadLetter({ env, ctx }, body.type);
  await abandonWebhook(env, body, message.attempts);
  message.ack();
}

/** Handles one batch from the job queue or its dead-letter queue. */
export async function consumeJobBatch(batch: MessageBatch<unknown>, env: Env, ctx?: ExecutionContext): Promise<void> {
  const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
  observeQueueBatch({ env, ctx }, batch.queue, batch.messages);
  // Off unless the chaos harness set CHAOS_FAULTS (./chaos-faults.ts): settle part, then crash.
  const crashAfter = deadLetters ? undefined : chaosCrashPoint(env, batch.messages.length);
  const settled = await Promise.allSettled(
    batch.messages.slice(0, crashAfter).map(async (message) => {
      const parsed = QueueMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error(JSON.stringify({ event: "queue.invalid_message", queue: batch.queue, id: message.id }));
        return message.ack();
      }
      const body = parsed.data;
      if (body.type === "probe") return message.ack();
      try {
        if (deadLetters) await handleDeadLetter(env, ctx, message, body);
        else if (body.type === "webhook") await handleWebhook(env, message, body);
        else await handleStage(env, ctx, message, body);
      } catch (error) {
        // A chaos fault ended the invocation here: the message stays unsettled, as in a crash.
        if (error instanceof ChaosCrash) throw error;
        // D1, R2 or a Durable Object failed outside a stage: nothing was settled, so the queue delivers it again.
        console.error(JSON.stringify({ event: "queue.handler_failed", id: message.id, error: String(error) }));
        await retryLater(env, message, body, backoffSeconds(message.attempts));
      }
    }),
  );
  const crashed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (crashed) throw crashed.reason;
  if (crashAfter !== undefined)
    throw new ChaosCrash(`CHAOS_FAULTS: crashed after settling ${crashAfter} of ${batch.messages.length} messages`);
}
