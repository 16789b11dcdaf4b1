/**
 * Per-isolate batching of metric increments. Recording a request only updates this Map (no I/O
 * on the request path); the batch is flushed to one MetricsShard shortly afterwards inside
 * `waitUntil`, so a scrape, which merges every shard, sees every isolate's counts. The buffer
 * holds plain numbers, never bindings.
 */
import type { MetricsShard } from "../../durable-objects/metrics-shard";

/** One row of a shard: a counter, a histogram bucket (`b` ≥ 0) or a histogram sum (`b` = -1). */
export interface Sample {
  n: string;
  l: string;
  b: number;
  v: number;
}

/** How many shards the counters are spread over; a scrape reads all of them. */
export const SHARD_COUNT = 8;
/** How long an isolate gathers increments before sending them in one call. */
const FLUSH_DELAY_MS = 250;
/** A shard that cannot be reached must not make the buffer grow without bound. */
const MAX_PENDING_SERIES = 20_000;

// This isolate's shard, chosen once at random so that isolates spread over the shards.
const shardIndex = Math.floor(Math.random() * SHARD_COUNT);
let pending = new Map<string, Sample>();
let flushScheduled = false;

/** The shard stub named `metrics-shard-{index}`. */
export function metricsShard(env: Pick<Env, "METRICS_SHARD">, index: number): DurableObjectStub<MetricsShard> {
  return env.METRICS_SHARD.get(env.METRICS_SHARD.idFromName(`metrics-shard-${index}`));
}

/** Adds `value` to a series in this isolate's batch. */
export function addToBuffer(name: string, labels: string, bucket: number, value: number): void {
  const key = `${name}\u0000${labels}\u0000${bucket}`;
  const sample = pending.get(key);
  if (sample) sample.v += value;
  else if (pending.size < MAX_PENDING_SERIES) pending.set(key, { n: name, l: labels, b: bucket, v: value });
}

/** Sends the batch in a moment, inside `waitUntil`, unless a send is already scheduled. */
export function scheduleFlush(env: Pick<Env, "METRICS_SHARD">, ctx: Pick<ExecutionContext, "waitUntil">): void {
  if (flushScheduled || pending.size === 0) return;
  flushScheduled = true;
  ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY_MS)).then(() => flushMetrics(env)));
}

/** Sends everything buffered to this isolate's shard now; a failed send keeps the batch for the next one. */
export async function flushMetrics(env: Pick<Env, "METRICS_SHARD">): Promise<void> {
  flushScheduled = false;
  if (pending.size === 0) return;
  const batch = [...pending.values()];
  pending = new Map();
  try {
    await metricsShard(env, shardIndex).add(batch);
  } catch (error) {
    for (const sample of batch) addToBuffer(sample.n, sample.l, sample.b, sample.v);
    console.warn(JSON.stringify({ event: "metrics.flush_failed", series: batch.length, error: String(error) }));
  }
}
