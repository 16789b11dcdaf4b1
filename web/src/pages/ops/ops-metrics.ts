/**
 * The operations figures the console can chart: how to read each from an ops summary, and the
 * rolling history of samples taken every second while the page is open.
 */
import type { MessageKey } from "../../lib/i18n";

export interface OpsSummary {
  at: string;
  requests: { perSecond: number; latencyMs: { p50: number | null; p95: number | null; p99: number | null } } | null;
  jobs: {
    queued: number;
    running: number;
    throughputPerMinute: number;
    durationSeconds: { p50: number | null; p95: number | null };
    finishedPerMinute: { at: string; count: number }[];
  };
  runners: { total: number; reachable: number; busy: number } | null;
  connections: number;
}

export const METRICS: { id: string; label: MessageKey; unit: string; read(s: OpsSummary): number | null }[] = [
  { id: "requests.rate", label: "mRequestRate", unit: "/s", read: (s) => s.requests?.perSecond ?? null },
  { id: "requests.p50", label: "mLatencyP50", unit: "ms", read: (s) => s.requests?.latencyMs.p50 ?? null },
  { id: "requests.p95", label: "mLatencyP95", unit: "ms", read: (s) => s.requests?.latencyMs.p95 ?? null },
  { id: "requests.p99", label: "mLatencyP99", unit: "ms", read: (s) => s.requests?.latencyMs.p99 ?? null },
  { id: "jobs.throughput", label: "mThroughput", unit: "/min", read: (s) => s.jobs.throughputPerMinute },
  { id: "jobs.queued", label: "mQueued", unit: "", read: (s) => s.jobs.queued },
  { id: "jobs.running", label: "mRunning", unit: "", read: (s) => s.jobs.running },
  { id: "jobs.durationP95", label: "mDurationP95", unit: "s", read: (s) => s.jobs.durationSeconds.p95 },
  { id: "runners.busy", label: "mRunnersBusy", unit: "", read: (s) => s.runners?.busy ?? null },
  { id: "runners.total", label: "mRunnersTotal", unit: "", read: (s) => s.runners?.reachable ?? null },
  { id: "ws.connections", label: "mConnections", unit: "", read: (s) => s.connections },
];

export const metricById = (id: string) => METRICS.find((m) => m.id === id);

/** Samples per metric: parallel arrays of unix seconds and values, capped to the last 24 h. */
export interface History {
  times: number[];
  values: Record<string, (number | null)[]>;
}

const MAX_SAMPLES = 86_400;

/** The history with one more summary appended (a new object, so charts see the change). */
export function appendSample(history: History, summary: OpsSummary): History {
  const cut = history.times.length >= MAX_SAMPLES ? 1 : 0;
  const values: History["values"] = {};
  for (const metric of METRICS)
    values[metric.id] = [...(history.values[metric.id] ?? []).slice(cut), metric.read(summary)];
  return { times: [...history.times.slice(cut), Date.parse(summary.at) / 1000], values };
}
