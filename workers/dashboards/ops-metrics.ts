/** The figures an operations dashboard panel can show; each is a field of the ops summary. */
export const OPS_METRICS = [
  "requests.rate",
  "requests.p50",
  "requests.p95",
  "requests.p99",
  "jobs.throughput",
  "jobs.queued",
  "jobs.running",
  "jobs.durationP95",
  "runners.busy",
  "runners.total",
  "ws.connections",
] as const;
