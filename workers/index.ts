/** The Worker's entry point: HTTP, the job queue consumer, cron housekeeping, and every Durable Object class. */
import { createApp } from "./app";
import { purgeExpiredIdempotencyKeys } from "./jobs/idempotency-store";
import { consumeJobBatch } from "./jobs/queue-consumer";

export { MediaRunner } from "../durable-objects/media-runner";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { WorkspaceHub } from "../durable-objects/workspace-hub/workspace-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: consumeJobBatch,
  // Housekeeping on the cron in wrangler.toml: idempotency keys live 24 h.
  scheduled: async (_controller, env) => {
    await purgeExpiredIdempotencyKeys(env);
  },
} satisfies ExportedHandler<Env, unknown>;
