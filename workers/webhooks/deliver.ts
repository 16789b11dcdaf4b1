/**
 * Delivering a job's webhook: the job as the API shows it, signed with the workspace's secret,
 * POSTed under the outbound URL policy (checked again at every redirect), every attempt logged.
 * The queue retries a failed attempt with backoff and jitter; the message id stays the same so a
 * receiver can drop duplicates.
 */
import { getDb } from "../db/client";
import { webhookDeliveries } from "../db/schema";
import { toJobResource } from "../jobs/job-resource";
import { findJob } from "../jobs/jobs";
import type { WebhookMessage } from "../jobs/messages";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { outboundPolicy } from "../net/outbound-policy";
import { safeFetch } from "../net/safe-fetch";
import { webhookSecretOf } from "./secrets";
import { signWebhook } from "./signature";

export type DeliveryOutcome = "delivered" | "retry" | "dropped";

async function logAttempt(
  env: Env,
  message: WebhookMessage,
  url: string,
  attempt: number,
  statusCode: number | null,
  error: string | null,
): Promise<void> {
  await getDb(env)
    .insert(webhookDeliveries)
    .values({
      id: newId("whd"),
      workspaceId: message.workspaceId,
      jobId: message.jobId,
      messageId: message.messageId,
      event: message.event,
      url,
      attempt,
      statusCode,
      error: error?.slice(0, 500) ?? null,
      createdAt: isoNow(),
    });
}

async function alreadyDelivered(env: Env, message: WebhookMessage): Promise<boolean> {
  const row = await env.DB.prepare(
    "SELECT 1 AS hit FROM webhook_deliveries WHERE workspace_id = ? AND job_id = ? AND message_id = ? AND status_code BETWEEN 200 AND 299 LIMIT 1",
  )
    .bind(message.workspaceId, message.jobId, message.messageId)
    .first<{ hit: number }>();
  return row !== null;
}

/** Sends one attempt; "retry" asks the queue to try again later. */
export async function deliverWebhook(env: Env, message: WebhookMessage, attempt: number): Promise<DeliveryOutcome> {
  const job = await findJob(env, message.workspaceId, message.jobId);
  const url = typeof job?.options.webhookUrl === "string" ? job.options.webhookUrl : undefined;
  if (!job || !url) return "dropped";
  // The outbox may send a job's end message again (a publish replayed after an eviction): one that
  // already reached the receiver is not sent twice.
  if (await alreadyDelivered(env, message)) return "delivered";
  const body = JSON.stringify({ type: message.event, timestamp: isoNow(), data: toJobResource(job) });
  const headers = await signWebhook(
    await webhookSecretOf(env, message.workspaceId),
    message.messageId,
    Math.floor(Date.now() / 1000),
    body,
  );
  try {
    const response = await safeFetch(
      url,
      outboundPolicy(env, {
        timeoutMs: 15_000,
        method: "POST",
        body,
        headers: { ...headers, "Content-Type": "application/json", "User-Agent": "Zukai-Webhooks/1" },
      }),
    );
    await response.body?.cancel();
    await logAttempt(
      env,
      message,
      url,
      attempt,
      response.status,
      response.ok ? null : `receiver answered ${response.status}`,
    );
    return response.ok ? "delivered" : "retry";
  } catch (error) {
    const reason = error instanceof AppError ? `${error.code}: ${error.detail}` : String(error);
    await logAttempt(env, message, url, attempt, null, reason);
    // A URL the policy refuses will never be accepted: stop trying.
    return error instanceof AppError && error.code === "url_not_allowed" ? "dropped" : "retry";
  }
}

/** Records that the queue gave up on a webhook after its last retry. */
export async function abandonWebhook(env: Env, message: WebhookMessage, attempts: number): Promise<void> {
  const job = await findJob(env, message.workspaceId, message.jobId);
  await logAttempt(
    env,
    message,
    String(job?.options.webhookUrl ?? ""),
    attempts,
    null,
    `gave up after ${attempts} attempts`,
  );
}
