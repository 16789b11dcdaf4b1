/** The Worker's entry point: HTTP, the job queue consumer, cron housekeeping, and every Durable Object class. */

import { evaluateAllAlerts } from "./alerts/evaluate";
import { createApp } from "./app";
import { runBillingHousekeeping } from "./billing/housekeeping";
import { kickStalledOutboxes } from "./events/outbox";
import { runScheduledExports } from "./exports/scheduled";
import { purgeExpiredIdempotencyKeys } from "./middleware/idempotency-store";
import { consumeJobBatch } from "./pipeline/queue-consumer";
import { runnerPool } from "./runners/pool";
import { purgeDueWorkspaces } from "./workspaces/deletion";

export { AlertEscalator } from "../durable-objects/alert-escalator";
export { MediaRunner } from "../durable-objects/media-runner";
export { MetricsShard } from "../durable-objects/metrics-shard";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { RunnerPool } from "../durable-objects/runner-pool";
export { WorkspaceHub } from "../durable-objects/workspace-hub/workspace-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: consumeJobBatch,
  // Housekeeping on the cron in wrangler.toml: idempotency keys live 24 h.
  scheduled: async (_controller, env) => {
    // The event outbox's backstop: hubs that never heard of their pending events get kicked.
    await kickStalledOutboxes(env);
    await purgeExpiredIdempotencyKeys(env);
    // Tenant alert rules; escalation after that runs on the AlertEscalator alarms.
    await evaluateAllAlerts(env);
    // Plan-included backups (professional weekly, enterprise daily).
    await runScheduledExports(env);
    // A periodic runner health check (the pool also re-checks itself on an alarm).
    await runnerPool(env, true);
    // Team workspaces whose deletion grace period ended: their files and rows are purged.
    await purgeDueWorkspaces(env);
    // Billing: storage GB-hours for this hour, and billing periods that ended (pending downgrades).
    await runBillingHousekeeping(env);
  },
} satisfies ExportedHandler<Env, unknown>;
