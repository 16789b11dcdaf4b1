/**
 * One Prometheus scrape: this isolate's pending increments are flushed first, then every shard,
 * D1's figures and the runner pool are read in parallel and merged into one exposition.
 */
import { type PoolView, runnerPool } from "../runners/pool";
import { flushMetrics, metricsShard, SHARD_COUNT } from "./buffer";
import { MetricSet } from "./exposition";
import { addStoredFigures } from "./stored-figures";

/** The whole text exposition of the platform's metrics. */
export async function scrapeMetrics(env: Env, now = Date.now()): Promise<string> {
  await flushMetrics(env);
  const set = new MetricSet();
  const [shards, pool] = await Promise.all([
    Promise.all(Array.from({ length: SHARD_COUNT }, (_, i) => metricsShard(env, i).read())),
    runnerPool(env),
    addStoredFigures(env, set, now),
  ]);
  for (const shard of shards) {
    for (const sample of shard.samples) set.addSample(sample);
    for (const gauge of shard.gauges) set.addGaugeReport(gauge);
  }
  // Zero, not absent, when no hub holds a socket: an absent series reads as "no data" in dashboards.
  set.addGaugeReport({ n: "zukai_websocket_connections", l: "", v: 0 });
  addPoolFigures(set, pool, now);
  return set.render();
}

function addPoolFigures(set: MetricSet, pool: PoolView, now: number): void {
  if (pool.mode !== "local") return;
  const counts = { up: 0, down: 0, busy: 0, idle: 0 };
  let lastCheck = 0;
  for (const runner of pool.runners) {
    set.set("zukai_runner_up", { runner: runner.name }, runner.up ? 1 : 0);
    set.set("zukai_runner_active_jobs", { runner: runner.name }, runner.activeJobs);
    set.set("zukai_runner_max_jobs", { runner: runner.name }, runner.maxJobs);
    counts[runner.up ? "up" : "down"]++;
    if (runner.up) counts[runner.activeJobs > 0 ? "busy" : "idle"]++;
    lastCheck = Math.max(lastCheck, runner.lastCheckAt ? Date.parse(runner.lastCheckAt) : 0);
  }
  for (const [state, n] of Object.entries(counts)) set.set("zukai_runners", { state }, n);
  if (lastCheck > 0) set.set("zukai_runner_pool_last_check_age_seconds", {}, Math.max(0, (now - lastCheck) / 1000));
}
