/**
 * The JOBS queue consumer and its dead-letter consumer. Every message is parsed with zod and
 * settled on its own: ack after success or a permanent failure (recorded on the job), retry with
 * backoff on a transient one. Messages of a batch run concurrently; runners bound the real work.
 * A stage the Worker runs itself follows the stage before it under the same message, which is
 * settled once at the end (stages.ts).
 */
import { AppError } from "../lib/errors";
import { abandonWebhook, deliverWebhook } from "../webhooks/deliver";
import { runAnalysis, runVisualization, type DraftedDiagram } from "./diagram-stages";
import { runRendering } from "./rendering-stage";
import { announceJobEnd } from "./announce";
import { claimJob, failJob, findJob, releaseJob, saveCheckpoint, type JobRecord, type JobStage } from "./jobs";
import { WORKER_STAGES, queueStage, stageAfter } from "./stages";
import { holdJobSlot } from "../quotas/job-slots";
import { quotaFailureOf } from "../quotas/refusals";
import { QueueMessage, type StageMessage, type WebhookMessage } from "./messages";
import { ChaosCrash, chaosCrashPoint } from "./chaos-faults";
import { observeQueueBatch, observeStage, countDeadLetter, type StageOutcome } from "../metrics/record";
import { runnersForStage } from "../runners/pool";
import { deadLetterJob } from "./dead-jobs";
import { PermanentRunnerError, TransientRunnerError } from "./runner-client";
import { discardCheckpoints, runTranscription } from "./transcription-stage";

export const DEAD_LETTER_QUEUE = "zukai-jobs-dlq";

/** Exponential backoff with full jitter, capped at a minute. */
export function backoffSeconds(attempts: number): number {
  const ceiling = Math.min(60, 2 ** Math.min(attempts, 6));
  return Math.max(1, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}

/** Runs one claimed stage; analysis returns its draft for visualization to use at once. */
async function runStage(env: Env, job: JobRecord, stage: JobStage, drafted?: DraftedDiagram): Promise<DraftedDiagram | undefined> {
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

async function handleStage(env: Env, ctx: ExecutionContext | undefined, message: Message<unknown>, body: StageMessage): Promise<void> {
  // Over the plan's concurrency the job waits in `queued`; the hub re-queues it when a slot frees.
  if ((await holdJobSlot(env, body)) === "wait") return message.ack();
  const claim = await claimJob(env, body.workspaceId, body.jobId, body.stage);
  if (claim.outcome === "finished" && claim.job.stage && claim.job.stage !== body.stage && (claim.job.status === "queued" || (claim.job.status === "running" && WORKER_STAGES.includes(claim.job.stage as JobStage)))) {
    // The job moved on but its next stage may never run: a send that failed, or a Worker stage
    // whose run under this message died. Queue it again; a duplicate is harmless, since only one
    // delivery can claim the stage (a live run's lease makes the other wait, then find it done).
    await queueStage(env, claim.job, claim.job.stage as JobStage);
  }
  if (claim.outcome === "missing" || claim.outcome === "finished") return message.ack();
  if (claim.outcome === "leased") return message.retry({ delaySeconds: claim.retryAfterSeconds });
  await runClaimedStages(env, ctx, message, body.stage, claim.job);
}

/** Runs a claimed stage and then each Worker stage after it, and settles the message once. */
async function runClaimedStages(env: Env, ctx: ExecutionContext | undefined, message: Message<unknown>, first: JobStage, claimed: JobRecord): Promise<void> {
  let stage = first;
  let job = claimed;
  let drafted: DraftedDiagram | undefined;
  for (;;) {
    const started = Date.now();
    const observe = (outcome: StageOutcome, errorCode?: string) => observeStage({ env, ctx }, { job, stage, outcome, seconds: (Date.now() - started) / 1000, errorCode });
    try {
      drafted = await runStage(env, job, stage, drafted);
      observe("succeeded");
    } catch (thrown) {
      return settleFailure(env, message, job, stage, thrown, observe);
    }
    const next = stageAfter(job, stage);
    if (!next || !WORKER_STAGES.includes(next)) break;
    const claim = await claimJob(env, job.workspaceId, job.id, next);
    if (claim.outcome !== "claimed") break;
    [stage, job] = [next, claim.job];
  }
  message.ack();
}

/** A stage that threw: retried later when transient, otherwise the job fails with the reason. */
async function settleFailure(
  env: Env,
  message: Message<unknown>,
  job: JobRecord,
  stage: JobStage,
  thrown: unknown,
  observe: (outcome: StageOutcome, errorCode?: string) => void,
): Promise<void> {
  const error = quotaFailureOf(thrown) ?? thrown;
  if (error instanceof TransientRunnerError) {
    observe("retried");
    await saveCheckpoint(env, job.workspaceId, job.id, { ...job.checkpoint, lastError: error.message });
    await releaseJob(env, job.workspaceId, job.id, error.message);
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    return;
  }
  const permanent = error instanceof PermanentRunnerError || error instanceof AppError;
  const code = permanent ? error.code : "internal_error";
  if (!permanent) console.error(JSON.stringify({ event: "stage.crashed", jobId: job.id, stage, error: String(error) }));
  const reason = error instanceof Error ? error.message : String(error);
  // A canceled job was announced by the cancel itself; failJob leaves it canceled.
  if (code === "canceled") await discardCheckpoints(env, job);
  else observe("failed", code);
  if (await failJob(env, job.workspaceId, job.id, code, reason)) await announceJobEnd(env, job, { status: "failed", code, message: reason });
  message.ack();
}

async function handleWebhook(env: Env, message: Message<unknown>, body: WebhookMessage): Promise<void> {
  const outcome = await deliverWebhook(env, body, message.attempts);
  if (outcome === "retry") message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  else message.ack();
}

/** A message that used up its retries: the job fails with the last reason seen. */
async function handleDeadLetter(env: Env, ctx: ExecutionContext | undefined, message: Message<unknown>, body: StageMessage | WebhookMessage): Promise<void> {
  countDeadLetter({ env, ctx }, body.type);
  if (body.type === "webhook") {
    await abandonWebhook(env, body, message.attempts);
    return message.ack();
  }
  const job = await findJob(env, body.workspaceId, body.jobId);
  const lastError = typeof job?.checkpoint?.lastError === "string" ? job.checkpoint.lastError : "no runner could process it";
  const reason = `Gave up on the ${body.stage} stage after ${message.attempts} deliveries: ${lastError}`;
  // Failed and recorded as a dead job in one batch, so an operator can list and replay it.
  if (job && (await deadLetterJob(env, body, message.attempts, reason))) {
    observeStage({ env, ctx }, { job, stage: body.stage, outcome: "dead", seconds: 0, errorCode: "retries_exhausted" });
    await announceJobEnd(env, job, { status: "failed", code: "retries_exhausted", message: reason });
  }
  message.ack();
}

/** Handles one batch from the job queue or its dead-letter queue. */
export async function consumeJobBatch(batch: MessageBatch<unknown>, env: Env, ctx?: ExecutionContext): Promise<void> {
  const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
  observeQueueBatch({ env, ctx }, batch.queue, batch.messages);
  // Off unless the chaos harness set CHAOS_FAULTS (./chaos-faults.ts): settle part, then crash.
  const crashAfter = deadLetters ? undefined : chaosCrashPoint(env, batch.messages.length);
  await Promise.all(
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
        // D1 or R2 themselves failed: nothing was settled, so let the queue deliver it again.
        console.error(JSON.stringify({ event: "queue.handler_failed", id: message.id, error: String(error) }));
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
  if (crashAfter !== undefined) throw new ChaosCrash(`CHAOS_FAULTS: crashed after settling ${crashAfter} of ${batch.messages.length} messages`);
}
