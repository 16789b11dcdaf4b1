/**
 * Telling the world a job ended: an event on the workspace's hub for live clients, and a webhook
 * (through the queue, so it is retried) when the job asked for one.
 */
import type { JobRecord } from "./jobs";
import type { WebhookMessage } from "./messages";
import { publishEvent } from "./publish";
import { releaseJobSlot } from "../quotas/job-slots";

export type JobEnd = { status: "succeeded" | "canceled" } | { status: "failed"; code: string; message: string };

/** Publishes the job's end and queues its webhook. */
export async function announceJobEnd(env: Env, job: Pick<JobRecord, "id" | "workspaceId" | "projectId" | "options">, end: JobEnd): Promise<void> {
  // The job's concurrent-job slot goes to the next waiting job first.
  await releaseJobSlot(env, job.workspaceId, job.id);
  const base = { jobId: job.id, projectId: job.projectId };
  await publishEvent(
    env,
    job.workspaceId,
    end.status === "failed" ? { type: "job:error", ...base, code: end.code, message: end.message } : { type: "job:complete", ...base, status: end.status },
  );
  if (typeof job.options.webhookUrl !== "string") return;
  const event = `job.${end.status}` as WebhookMessage["event"];
  // The message id names the event, so every retry (and a duplicate announcement) shares it.
  const message: WebhookMessage = { type: "webhook", jobId: job.id, workspaceId: job.workspaceId, event, messageId: `msg_${job.id.slice(4)}_${end.status}` };
  await env.JOBS.send(message);
}
