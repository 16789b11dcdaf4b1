/**
 * What a job's end tells the world: an event on the workspace's hub for live clients, and a webhook
 * (through the queue, so it is retried) when the job asked for one. The end is written to the event
 * outbox in the batch that makes the job terminal (jobEndOutboxStatement); the hub turns the row
 * into these effects when it publishes it, so a restart in between delays them and never drops them.
 */
import type { HubEvent } from "../../durable-objects/workspace-hub/protocol";
import type { WebhookMessage } from "../jobs/messages";
import type { JobEndBody } from "./outbox";

export { type JobEnd, jobEndOutboxStatement } from "./outbox";

/** The hub event and (if the job asked for one) the webhook message a job's end publishes. */
export function jobEndEffects(
  workspaceId: string,
  end: JobEndBody,
): { event: HubEvent; webhook: WebhookMessage | null } {
  const base = { jobId: end.jobId, projectId: end.projectId };
  const event: HubEvent =
    end.status === "failed"
      ? { type: "job:error", ...base, code: end.code ?? "failed", message: end.message ?? "" }
      : { type: "job:complete", ...base, status: end.status };
  if (!end.webhook) return { event, webhook: null };
  // The message id names the event, so every retry (and a replayed publish) shares it.
  const webhook: WebhookMessage = {
    type: "webhook",
    jobId: end.jobId,
    workspaceId,
    event: `job.${end.status}`,
    messageId: `msg_${end.jobId.slice(4)}_${end.status}`,
  };
  return { event, webhook };
}
