/** Queue message bodies: a pointer to one stage of one job, never the payload itself. */
import { z } from "zod";
import { STAGES } from "./jobs";

export const StageMessage = z.object({
  type: z.literal("stage"),
  jobId: z.string().regex(/^job_[0-9a-z]{26}$/),
  workspaceId: z.string().regex(/^ws_[0-9a-z]{26}$/),
  stage: z.enum(STAGES),
});
export type StageMessage = z.infer<typeof StageMessage>;

export const ProbeMessage = z.object({ type: z.literal("probe"), at: z.string() });

export const QueueMessage = z.discriminatedUnion("type", [StageMessage, ProbeMessage]);
export type QueueMessage = z.infer<typeof QueueMessage>;
