/** The Worker's entry point: HTTP, the job queue consumer, and every Durable Object class. */
import { createApp } from "./app";
import { consumeJobBatch } from "./jobs/queue-consumer";

export { MediaRunner } from "../durable-objects/media-runner";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { WorkspaceHub } from "../durable-objects/workspace-hub/workspace-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: consumeJobBatch,
} satisfies ExportedHandler<Env, unknown>;
