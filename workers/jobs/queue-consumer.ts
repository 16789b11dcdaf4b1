/**
 * The JOBS queue consumer. Every message is parsed with zod and settled on its own: a message
 * that cannot be understood is acknowledged (retrying would never help) and logged.
 */
import { z } from "zod";

export const QueueMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("probe"), at: z.string() }),
]);
export type QueueMessage = z.infer<typeof QueueMessage>;

/** Handles one batch from the job queue or its dead-letter queue. */
export async function consumeJobBatch(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = QueueMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ event: "queue.invalid_message", queue: batch.queue, id: message.id }));
      message.ack();
      continue;
    }
    // A readiness probe only proves the producer path; there is nothing to do.
    message.ack();
  }
}
