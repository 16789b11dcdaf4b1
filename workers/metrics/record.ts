/**
 * The small API the rest of the platform records metrics through. Recording only touches this
 * isolate's buffer (see buffer.ts) and never throws: a metric that cannot be kept must not fail
 * a request or a job. `METRICS_COLLECTION = "off"` turns it all off (used by bench/metrics.mjs).
 *
 * Stage transitions also write a Workers Analytics Engine data point, indexed by workspace.
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/context";
import { addToBuffer, metricsShard, SHARD_COUNT, scheduleFlush } from "./buffer";
import { bucketIndex, formatLabels, type Labels, METRICS, type MetricName } from "./registry";

/** Where a recording happens: a Hono request context, or the env and execution context of a queue batch. */
export type MetricsTarget = Context<AppEnv> | { env: Env; ctx?: Pick<ExecutionContext, "waitUntil"> };

function resolve(target: MetricsTarget): { env: Env; ctx?: Pick<ExecutionContext, "waitUntil"> } {
  return "req" in target ? { env: target.env, ctx: target.executionCtx } : target;
}

/** False when metrics collection is switched off for this deployment. */
export function metricsEnabled(env: Pick<Env, "METRICS_COLLECTION">): boolean {
  return env.METRICS_COLLECTION !== "off";
}

function count(name: MetricName, labels: Labels, value = 1): void {
  addToBuffer(name, formatLabels(labels), -1, value);
}

function observe(name: MetricName, labels: Labels, value: number): void {
  const buckets = (METRICS[name] as { buckets?: readonly number[] }).buckets ?? [];
  const key = formatLabels(labels);
  addToBuffer(name, key, bucketIndex(buckets, value), 1);
  addToBuffer(name, key, -1, value);
}

function recording(target: MetricsTarget, write: (env: Env) => void): void {
  try {
    const { env, ctx } = resolve(target);
    if (!metricsEnabled(env)) return;
    write(env);
    // Without an execution context (a handler called directly) the batch waits for the next flush.
    if (ctx) scheduleFlush(env, ctx);
  } catch (error) {
    console.warn(JSON.stringify({ event: "metrics.record_failed", error: String(error) }));
  }
}

/** One answered API request, by route template (never the raw path) and status. */
export function countRequest(
  target: MetricsTarget,
  request: { method: string; route: string; status: number; seconds: number },
): void {
  recording(target, () => {
    const labels = { method: request.method, route: request.route, status: request.status };
    count("zukai_http_requests_total", labels);
    observe("zukai_http_request_duration_seconds", labels, request.seconds);
  });
}

/** One problem document answered, by its stable code. */
export function countProblem(target: MetricsTarget, code: string, status: number): void {
  recording(target, () => count("zukai_http_problems_total", { code, status }));
}

/** One request refused by a rate limit; `scope` names the limit (e.g. "auth", "api_key"). */
export function countRateLimitRejection(target: MetricsTarget, scope: string): void {
  recording(target, () => count("zukai_rate_limit_rejections_total", { scope }));
}

/** One request refused because a workspace quota is used up; `quota` names it (e.g. "audio_seconds"). */
export function countQuotaRefusal(target: MetricsTarget, quota: string): void {
  recording(target, () => count("zukai_quota_refusals_total", { quota }));
}

export type StageOutcome = "succeeded" | "retried" | "failed" | "dead";

export interface StageObservation {
  job: { id: string; workspaceId: string; kind: string; stages: string[]; attempts: number };
  stage: string;
  outcome: StageOutcome;
  seconds: number;
  errorCode?: string;
}

/** One attempt at a job stage ended: its duration, whether the job ended with it, and an Analytics Engine point. */
export function observeStage(target: MetricsTarget, observation: StageObservation): void {
  recording(target, (env) => {
    const { job, stage, outcome } = observation;
    observe("zukai_job_stage_duration_seconds", { kind: job.kind, stage, status: outcome }, observation.seconds);
    const lastStage = job.stages.at(-1) === stage;
    const jobStatus =
      outcome === "dead" || outcome === "failed"
        ? "failed"
        : outcome === "succeeded" && lastStage
          ? "succeeded"
          : undefined;
    if (jobStatus) count("zukai_jobs_finished_total", { kind: job.kind, status: jobStatus });
    writeStagePoint(env, observation);
  });
}

function writeStagePoint(env: Env, { job, stage, outcome, seconds, errorCode }: StageObservation): void {
  try {
    env.ANALYTICS?.writeDataPoint({
      indexes: [job.workspaceId],
      blobs: ["stage", job.kind, stage, outcome, job.workspaceId, job.id, errorCode ?? ""],
      doubles: [seconds * 1000, job.attempts],
    });
  } catch (error) {
    console.warn(JSON.stringify({ event: "analytics.write_failed", error: String(error) }));
  }
}

/** A batch reached the consumer: how old each message was when it arrived. */
export function observeQueueBatch(
  target: MetricsTarget,
  queue: string,
  messages: readonly { timestamp: Date }[],
  now = Date.now(),
): void {
  recording(target, () => {
    for (const message of messages)
      observe("zukai_queue_message_age_seconds", { queue }, Math.max(0, (now - message.timestamp.getTime()) / 1000));
  });
}

/** A message reached the dead-letter queue. */
export function countDeadLetter(target: MetricsTarget, type: string): void {
  recording(target, () => count("zukai_dlq_messages_total", { type }));
}

/** A workspace hub reports how many sockets it holds now (summed over hubs at scrape time). */
export async function reportConnections(
  env: Pick<Env, "METRICS_SHARD" | "METRICS_COLLECTION">,
  workspaceId: string,
  connections: number,
): Promise<void> {
  if (!metricsEnabled(env)) return;
  let hash = 0;
  for (let i = 0; i < workspaceId.length; i++) hash = (hash * 31 + workspaceId.charCodeAt(i)) >>> 0;
  await metricsShard(env, hash % SHARD_COUNT).setGauges([
    { n: "zukai_websocket_connections", l: formatLabels({ workspace: workspaceId }), v: connections },
  ]);
}

/** True for the stable codes of quota refusals ("quota_exceeded", "storage_quota_exceeded", …). */
function isQuotaCode(code: string): boolean {
  return code.startsWith("quota_") || code.endsWith("_quota_exceeded");
}

/**
 * Counts a problem document as app.ts answers it: by code, and as a rate-limit rejection (429
 * `rate_limited`, by route template) or a quota refusal (by the problem's `quota` extra, else its
 * code). Everything thrown through the error envelope is counted here, so callers that throw need
 * not count; countRateLimitRejection/countQuotaRefusal are for refusals that never become a problem
 * document (a WebSocket frame, a queued job).
 */
export function recordProblem(
  c: Context<AppEnv>,
  problem: { code: string; status: number; extras: Record<string, unknown> },
): void {
  countProblem(c, problem.code, problem.status);
  if (problem.code === "rate_limited") countRateLimitRejection(c, c.req.routePath);
  else if (isQuotaCode(problem.code))
    countQuotaRefusal(c, String(problem.extras.quota ?? problem.extras.meter ?? problem.code));
}
