/**
 * The JOBS queue consumer and its dead-letter consumer. Every message is parsed with zod and
 * settled on its own: ack after success or a permanent failure (recorded on the job), retry with
 * backoff on a transient one. Messages of a batch run concurrently; runners bound the real work.
 */
import { AppError } from "../lib/errors";
import { abandonWebhook, deliverWebhook } from "../webhooks/deliver";
import { runAnalysis, runVisualization } from "./diagram-stages";
import { runRendering } from "./rendering-stage";
import { announceJobEnd } from "./announce";
import { claimJob, failJob, findJob, releaseJob, saveCheckpoint, type JobRecord, type JobStage } from "./jobs";
import { queueStage } from "./stages";
import { QueueMessage, type StageMessage, type WebhookMessage } from "./messages";
import { PermanentRunnerError, TransientRunnerError, runnerEndpoints } from "./runner-client";
import { discardCheckpoints, runTranscription } from "./transcription-stage";

export const DEAD_LETTER_QUEUE = "zukai-jobs-dlq";

/** Exponential backoff with full jitter, capped at a minute. */
export function backoffSeconds(attempts: number): number {
  const ceiling = Math.min(60, 2 ** Math.min(attempts, 6));
  return Math.max(1, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}

async function runStage(env: Env, job: JobRecord, message: StageMessage): Promise<void> {
  switch (message.stage) {
    case "transcription":
      return runTranscription(env, job, runnerEndpoints(env, job.id));
    case "analysis":
      return runAnalysis(env, job);
    case "visualization":
      return runVisualization(env, job);
    case "rendering":
      return runRendering(env, job, runnerEndpoints(env, job.id));
  }
}

async function handleStage(env: Env, message: Message<unknown>, body: StageMessage): Promise<void> {
  const claim = await claimJob(env, body.workspaceId, body.jobId, body.stage);
  if (claim.outcome === "finished" && claim.job.status === "queued" && claim.job.stage && claim.job.stage !== body.stage) {
    // The job moved on but its next stage may never have been queued (a send that failed): queue it
    // again. A duplicate of that message is harmless, since only one can claim the stage.
    await queueStage(env, claim.job, claim.job.stage as JobStage);
  }
  if (claim.outcome === "missing" || claim.outcome === "finished") return message.ack();
  if (claim.outcome === "leased") return message.retry({ delaySeconds: claim.retryAfterSeconds });
  try {
    await runStage(env, claim.job, body);
    message.ack();
  } catch (error) {
    if (error instanceof TransientRunnerError) {
      await saveCheckpoint(env, body.workspaceId, body.jobId, { ...claim.job.checkpoint, lastError: error.message });
      await releaseJob(env, body.workspaceId, body.jobId, error.message);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      return;
    }
    const permanent = error instanceof PermanentRunnerError || error instanceof AppError;
    const code = permanent ? error.code : "internal_error";
    if (!permanent) console.error(JSON.stringify({ event: "stage.crashed", jobId: body.jobId, error: String(error) }));
    const reason = error instanceof Error ? error.message : String(error);
    // A canceled job was announced by the cancel itself; failJob leaves it canceled.
    if (code === "canceled") await discardCheckpoints(env, claim.job);
    if (await failJob(env, body.workspaceId, body.jobId, code, reason)) await announceJobEnd(env, claim.job, { status: "failed", code, message: reason });
    message.ack();
  }
}

async function handleWebhook(env: Env, message: Message<unknown>, body: WebhookMessage): Promise<void> {
  const outcome = await deliverWebhook(env, body, message.attempts);
  if (outcome === "retry") message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  else message.ack();
}

/** A message that used up its retries: the job fails with the last reason seen. */
async function handleDeadLetter(env: Env, message: Message<unknown>, body: StageMessage | WebhookMessage): Promise<void> {
  if (body.type === "webhook") {
    await abandonWebhook(env, body, message.attempts);
    return message.ack();
  }
  const job = await findJob(env, body.workspaceId, body.jobId);
  const lastError = typeof job?.checkpoint?.lastError === "string" ? job.checkpoint.lastError : "no runner could process it";
  const reason = `Gave up on the ${body.stage} stage after ${message.attempts} deliveries: ${lastError}`;
  if (job && (await failJob(env, body.workspaceId, body.jobId, "retries_exhausted", reason))) {
    await announceJobEnd(env, job, { status: "failed", code: "retries_exhausted", message: reason });
  }
  message.ack();
}

/** Handles one batch from the job queue or its dead-letter queue. */
export async function consumeJobBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = QueueMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error(JSON.stringify({ event: "queue.invalid_message", queue: batch.queue, id: message.id }));
        return message.ack();
      }
      const body = parsed.data;
      if (body.type === "probe") return message.ack();
      try {
        if (deadLetters) await handleDeadLetter(env, message, body);
        else if (body.type === "webhook") await handleWebhook(env, message, body);
        else await handleStage(env, message, body);
      } catch (error) {
        // D1 or R2 themselves failed: nothing was settled, so let the queue deliver it again.
        console.error(JSON.stringify({ event: "queue.handler_failed", id: message.id, error: String(error) }));
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
}
