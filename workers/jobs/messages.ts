/** Queue message bodies: a pointer to one stage of one job, never the payload itself. */

import { z } from "zod";
import { idPattern } from "../lib/ids";
import { STAGES } from "./jobs";

export const StageMessage = z.object({
  type: z.literal("stage"),
  jobId: z.string().regex(idPattern("job")),
  workspaceId: z.string().regex(idPattern("ws")),
  stage: z.enum(STAGES),
});
export type StageMessage = z.infer<typeof StageMessage>;

export const WEBHOOK_EVENTS = ["job.succeeded", "job.failed", "job.canceled"] as const;

/** Deliver one webhook event of a job; retried by the queue until the receiver answers 2xx. */
export const WebhookMessage = z.object({
  type: z.literal("webhook"),
  jobId: z.string().regex(idPattern("job")),
  workspaceId: z.string().regex(idPattern("ws")),
  event: z.enum(WEBHOOK_EVENTS),
  messageId: z.string().regex(/^msg_[0-9a-z_]{1,80}$/),
});
export type WebhookMessage = z.infer<typeof WebhookMessage>;

export const ProbeMessage = z.object({ type: z.literal("probe"), at: z.string() });

export const QueueMessage = z.discriminatedUnion("type", [StageMessage, WebhookMessage, ProbeMessage]);
export type QueueMessage = z.infer<typeof QueueMessage>;
