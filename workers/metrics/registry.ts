/**
 * Every Prometheus metric the platform exposes, in one place: its name, type, help text and, for
 * histograms, the bucket bounds. Recorders and the /metrics exposition both read this table, so a
 * metric cannot be written under one name and exposed under another.
 */
export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricDefinition {
  type: MetricType;
  help: string;
  /** Upper bounds of histogram buckets (the +Inf bucket is implied). */
  buckets?: readonly number[];
}

/** Seconds: HTTP latencies live between a millisecond and a few seconds. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** Seconds: a stage runs from a fraction of a second (analysis) to an hour (long transcriptions). */
const STAGE_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** Seconds a queue message waited before the consumer received it. */
const QUEUE_AGE_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] as const;

export const METRICS = {
  zukai_http_requests_total: { type: "counter", help: "API requests answered, by method, route template and status." },
  zukai_http_request_duration_seconds: {
    type: "histogram",
    help: "API request latency, by method, route template and status.",
    buckets: REQUEST_BUCKETS,
  },
  zukai_http_problems_total: { type: "counter", help: "Problem documents answered, by stable error code and status." },
  zukai_rate_limit_rejections_total: {
    type: "counter",
    help: "Requests refused by a rate limit (429), by limit scope.",
  },
  zukai_quota_refusals_total: {
    type: "counter",
    help: "Requests refused because a workspace quota is used up, by quota.",
  },
  zukai_job_stage_duration_seconds: {
    type: "histogram",
    help: "Time one attempt at a job stage took, by job kind, stage and outcome.",
    buckets: STAGE_BUCKETS,
  },
  zukai_jobs_finished_total: { type: "counter", help: "Jobs that reached a terminal state, by kind and status." },
  zukai_queue_message_age_seconds: {
    type: "histogram",
    help: "Age of each message when the consumer received it, by queue.",
    buckets: QUEUE_AGE_BUCKETS,
  },
  zukai_dlq_messages_total: { type: "counter", help: "Messages that reached the dead-letter queue, by message type." },
  zukai_websocket_connections: { type: "gauge", help: "Open WebSocket connections across all workspace hubs." },
  // Read from D1 and the runner pool at scrape time, never recorded by requests.
  zukai_queue_depth: { type: "gauge", help: "Stage messages waiting in the job queue (jobs in status queued)." },
  zukai_queue_oldest_age_seconds: {
    type: "gauge",
    help: "Seconds since the longest-waiting queued job stage was queued.",
  },
  zukai_jobs: { type: "gauge", help: "Jobs that are queued or running right now, by status." },
  zukai_dead_jobs_pending: { type: "gauge", help: "Dead-lettered jobs not yet replayed." },
  zukai_workspaces: { type: "gauge", help: "Workspaces, by plan." },
  zukai_active_workspaces: { type: "gauge", help: "Workspaces that created a job in the last 24 hours, by plan." },
  zukai_runner_up: {
    type: "gauge",
    help: "1 when a media runner passes its health checks and is in the pool, else 0.",
  },
  zukai_runner_active_jobs: { type: "gauge", help: "Jobs a media runner reported running at its last check." },
  zukai_runner_max_jobs: { type: "gauge", help: "Jobs a media runner accepts at once." },
  zukai_runners: { type: "gauge", help: "Media runners by state: up, down, busy (running a job), idle." },
  zukai_runner_pool_last_check_age_seconds: {
    type: "gauge",
    help: "Seconds since the runner pool was last health-checked.",
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;
export type Labels = Record<string, string | number>;

/** A label value as the exposition format needs it: backslash, quote and newline escaped. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** The canonical text of a label set (`a="1",b="2"`, names sorted), used as its identity. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${escapeLabelValue(String(labels[name]))}"`)
    .join(",");
}

/** The index of the bucket an observation falls in; buckets.length means +Inf. */
export function bucketIndex(buckets: readonly number[], value: number): number {
  for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]!) return i;
  return buckets.length;
}
