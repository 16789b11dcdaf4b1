/**
 * Fault injection for the chaos run (bench/chaos.mjs, test/e2e/chaos.test.ts). Off unless the
 * CHAOS_FAULTS binding is set, and only those harnesses set it: it is not in wrangler.toml, so no
 * deployment has it. Format: comma-separated `name:probability`:
 *
 *   consumer-crash:<p>  with probability p a JOBS batch settles only its first part (none of a
 *                       one-message batch), then the consumer throws, as an invocation that dies
 *                       mid-batch would. The queue delivers the rest again (Cloudflare keeps the
 *                       acked ones settled; local Miniflare redelivers the whole batch).
 *   commit-fail:<p>     with probability p the D1 batch that commits a stage fails before it
 *                       applies, as a retryable D1 error would: the stage is tried again.
 *   hub-evict:<p>       with probability p, right after the D1 batch that ends a job commits, the
 *                       workspace's hub is evicted and the invocation dies before it publishes:
 *                       the job's end must still reach its clients.
 */

type ChaosEnv = { CHAOS_FAULTS?: string };

/** Thrown where a chaos fault kills the invocation: the consumer lets it through unsettled. */
export class ChaosCrash extends Error {}

/** The probability configured for `fault`, 0 when chaos is off. */
export function chaosProbability(env: object, fault: "consumer-crash" | "commit-fail" | "hub-evict"): number {
  // Env has no CHAOS_FAULTS: it is not in wrangler.toml, only the harnesses bind it.
  for (const entry of ((env as ChaosEnv).CHAOS_FAULTS ?? "").split(",")) {
    const [name, value] = entry.trim().split(":");
    if (name === fault) return Math.min(1, Math.max(0, Number(value) || 0));
  }
  return 0;
}

const drawn = (env: object, fault: Parameters<typeof chaosProbability>[1]) => {
  const p = chaosProbability(env, fault);
  return p > 0 && Math.random() < p;
};

/** How many messages of a batch to settle before crashing; undefined (almost always) to run it whole. */
export function chaosCrashPoint(env: Env, batchSize: number): number | undefined {
  if (!drawn(env, "consumer-crash")) return undefined;
  const settle = batchSize < 2 ? 0 : 1 + Math.floor(Math.random() * (batchSize - 1));
  console.warn(JSON.stringify({ event: "chaos.consumer_crash", settle, of: batchSize }));
  return settle;
}

/** Throws, now and then, what D1 throws for a batch it could not apply. */
export function chaosCommitFailure(env: Env, jobId: string, stage: string): void {
  if (!drawn(env, "commit-fail")) return;
  console.warn(JSON.stringify({ event: "chaos.commit_fail", jobId, stage }));
  throw new Error("CHAOS_FAULTS: D1_ERROR: the batch that commits the stage failed (retryable)");
}

/** Now and then evicts the workspace's hub and kills the invocation, between a commit and its publish. */
export async function chaosHubEviction(env: Env, workspaceId: string, jobId: string): Promise<void> {
  if (!drawn(env, "hub-evict")) return;
  console.warn(JSON.stringify({ event: "chaos.hub_evict", workspaceId, jobId }));
  await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId))
    .evictForChaos()
    .catch(() => undefined); // the abort rejects the call that caused it
  throw new ChaosCrash(`CHAOS_FAULTS: hub evicted and invocation ended after committing the end of ${jobId}`);
}
