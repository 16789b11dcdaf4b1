/**
 * Fault injection for the chaos run (bench/chaos.mjs, test/e2e/chaos.test.ts). Off unless the
 * CHAOS_FAULTS binding is set, and only those harnesses set it: it is not in wrangler.toml, so no
 * deployment has it. Format: comma-separated `name:probability`; the one fault so far:
 *
 *   consumer-crash:<p>  with probability p a JOBS batch settles only its first part (none of a
 *                       one-message batch), then the consumer throws, as an invocation that dies
 *                       mid-batch would. The queue delivers the rest again (Cloudflare keeps the
 *                       acked ones settled; local Miniflare redelivers the whole batch).
 */

type ChaosEnv = { CHAOS_FAULTS?: string };

/** Thrown by the consumer when a chaos crash was drawn. */
export class ChaosCrash extends Error {}

function probabilityOf(env: ChaosEnv, fault: string): number {
  for (const entry of (env.CHAOS_FAULTS ?? "").split(",")) {
    const [name, value] = entry.trim().split(":");
    if (name === fault) return Math.min(1, Math.max(0, Number(value) || 0));
  }
  return 0;
}

/** How many messages of a batch to settle before crashing; undefined (almost always) to run it whole. */
export function chaosCrashPoint(env: Env, batchSize: number): number | undefined {
  const p = probabilityOf(env as ChaosEnv, "consumer-crash");
  if (p === 0 || Math.random() >= p) return undefined;
  const settle = batchSize < 2 ? 0 : 1 + Math.floor(Math.random() * (batchSize - 1));
  console.warn(JSON.stringify({ event: "chaos.consumer_crash", settle, of: batchSize }));
  return settle;
}
