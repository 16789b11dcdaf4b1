/**
 * Request rate and latency percentiles for the operations dashboard, from the platform's request
 * metrics (workers/metrics: cumulative counters merged from every isolate's shard). A rate needs
 * two readings, so this isolate keeps the last few snapshots (numbers only) and reports over the
 * window since the oldest of them; until it has one, the figures are null ("no data").
 */
import { metricsShard, SHARD_COUNT } from "../metrics/buffer";
import { METRICS } from "../metrics/registry";

export interface RequestFigures {
  /** Requests per second over the window. */
  perSecond: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  windowSeconds: number;
}

interface Snapshot {
  at: number;
  total: number;
  buckets: number[];
}

const BOUNDS = METRICS.zukai_http_request_duration_seconds.buckets;
// The window: at least MIN, preferably TARGET seconds back; older snapshots are dropped.
const MIN_WINDOW_MS = 900;
const TARGET_WINDOW_MS = 10_000;
const MAX_AGE_MS = 60_000;
let snapshots: Snapshot[] = [];

async function readSnapshot(env: Pick<Env, "METRICS_SHARD">, now: number): Promise<Snapshot> {
  const shards = await Promise.all(Array.from({ length: SHARD_COUNT }, (_, i) => metricsShard(env, i).read()));
  const buckets = new Array<number>(BOUNDS.length + 1).fill(0);
  let total = 0;
  for (const { samples } of shards) {
    for (const s of samples) {
      if (s.n === "zukai_http_requests_total") total += s.v;
      else if (s.n === "zukai_http_request_duration_seconds" && s.b >= 0 && s.b < buckets.length) buckets[s.b]! += s.v;
    }
  }
  return { at: now, total, buckets };
}

/** The q-quantile (0–1) in ms of per-bucket counts, interpolated inside its bucket like histogram_quantile. */
export function bucketQuantile(counts: number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (seen + count >= rank && count > 0) {
      if (i >= BOUNDS.length) return BOUNDS[BOUNDS.length - 1]! * 1000; // +Inf: the highest finite bound
      const lower = i === 0 ? 0 : BOUNDS[i - 1]!;
      return (lower + (BOUNDS[i]! - lower) * ((rank - seen) / count)) * 1000;
    }
    seen += count;
  }
  return BOUNDS[BOUNDS.length - 1]! * 1000;
}

/** The platform's recent request rate and latency, or null until two readings are far enough apart. */
export async function requestFigures(
  env: Pick<Env, "METRICS_SHARD">,
  now = Date.now(),
): Promise<RequestFigures | null> {
  const current = await readSnapshot(env, now);
  snapshots = snapshots.filter((s) => now - s.at <= MAX_AGE_MS && s.total <= current.total);
  const eligible = snapshots.filter((s) => now - s.at >= MIN_WINDOW_MS);
  const base = eligible.find((s) => now - s.at <= TARGET_WINDOW_MS) ?? eligible.at(-1);
  // Keep one snapshot per second at most, so many viewers do not crowd out the window.
  if (!snapshots.length || now - snapshots.at(-1)!.at >= 1000) snapshots.push(current);
  if (!base) return null;
  const seconds = (now - base.at) / 1000;
  const counts = current.buckets.map((c, i) => Math.max(0, c - (base.buckets[i] ?? 0)));
  return {
    perSecond: Math.max(0, current.total - base.total) / seconds,
    latencyMs: {
      p50: bucketQuantile(counts, 0.5),
      p95: bucketQuantile(counts, 0.95),
      p99: bucketQuantile(counts, 0.99),
    },
    windowSeconds: Math.round(seconds * 10) / 10,
  };
}
