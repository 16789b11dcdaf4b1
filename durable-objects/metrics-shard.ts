/**
 * Prometheus counters aggregated across isolates. Each isolate sends its batched increments to
 * one of SHARD_COUNT shards (`metrics-shard-{i}`); a scrape reads every shard and adds them up,
 * so it sees every request, and no single object takes every write.
 *
 * One more instance, `runner-pool`, holds the media runner pool's shared state: it health-checks
 * the runners on an alarm (and whenever a stage asks for a runner), ranks them least busy first,
 * and announces capacity changes.
 */
import { DurableObject } from "cloudflare:workers";
import type { Sample } from "../workers/metrics/buffer";
import { announceCapacityChange } from "../workers/runners/notify";
import { type CapacityChange, RunnerPoolState, type RunnerState } from "../workers/runners/pool-state";
import { configuredRunners, type ProbeResult, probeRunner } from "../workers/runners/probe";
import { type RunnerNeed, rankRunners } from "../workers/runners/ranking";

/** A gauge reported by one source (e.g. one workspace hub), summed over sources at scrape time. */
export interface GaugeReport {
  n: string;
  l: string;
  v: number;
}

/** How often the pool is checked while every runner is healthy, and while one is out. */
const POOL_CHECK_INTERVAL_MS = 15_000;
const POOL_RECHECK_DOWN_MS = 2_000;

export class MetricsShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private pool: RunnerPoolState | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS samples (name TEXT NOT NULL, labels TEXT NOT NULL, bucket INTEGER NOT NULL, value REAL NOT NULL,
        PRIMARY KEY (name, labels, bucket)) WITHOUT ROWID`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS gauges (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL,
        PRIMARY KEY (name, labels)) WITHOUT ROWID`);
    });
  }

  /** Adds a batch of increments (counters, histogram buckets and sums). */
  add(samples: Sample[]): void {
    for (const s of samples) {
      this.sql.exec(
        "INSERT INTO samples (name, labels, bucket, value) VALUES (?, ?, ?, ?) ON CONFLICT (name, labels, bucket) DO UPDATE SET value = value + excluded.value",
        s.n,
        s.l,
        s.b,
        s.v,
      );
    }
  }

  /** Sets gauges to the values their sources report now; a zero removes the row. */
  setGauges(reports: GaugeReport[]): void {
    for (const g of reports) {
      if (g.v === 0) this.sql.exec("DELETE FROM gauges WHERE name = ? AND labels = ?", g.n, g.l);
      else
        this.sql.exec(
          "INSERT INTO gauges (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = excluded.value",
          g.n,
          g.l,
          g.v,
        );
    }
  }

  /** Everything this shard holds, for a scrape to merge. */
  read(): { samples: Sample[]; gauges: GaugeReport[] } {
    const samples = this.sql
      .exec<{ name: string; labels: string; bucket: number; value: number }>(
        "SELECT name, labels, bucket, value FROM samples",
      )
      .toArray();
    const gauges = this.sql
      .exec<{ name: string; labels: string; value: number }>("SELECT name, labels, value FROM gauges")
      .toArray();
    return {
      samples: samples.map((r) => ({ n: r.name, l: r.labels, b: r.bucket, v: r.value })),
      gauges: gauges.map((r) => ({ n: r.name, l: r.labels, v: r.value })),
    };
  }

  // ---- runner pool role (instance `runner-pool`) ----

  /**
   * Checks `candidates` (the caller's RUNNER_URLS) now and returns the healthy ones (those able to
   * do `need`, when any is), least busy first. Only runners of this deployment's own
   * configuration change the pool's state.
   */
  async rankRunners(candidates: string[], delivery: number, need?: RunnerNeed): Promise<string[]> {
    const configured = configuredRunners(this.env);
    const results = await Promise.all(candidates.map((name) => probeRunner(name)));
    this.applyResults(
      configured,
      results.filter((r) => configured.includes(r.name)),
    );
    return rankRunners(results, delivery, need);
  }

  /** Checks one runner after a job saw it fail; true if it is still healthy. */
  async recheckRunner(name: string): Promise<boolean> {
    const configured = configuredRunners(this.env);
    if (!configured.includes(name)) return false;
    const result = await probeRunner(name);
    this.applyResults(configured, [result]);
    return result.ok;
  }

  /** Checks every runner now and returns the pool. */
  async checkPool(): Promise<RunnerState[]> {
    await this.checkAll();
    return this.poolState();
  }

  /** The pool as last checked. */
  poolState(): RunnerState[] {
    return this.poolStore().list(configuredRunners(this.env));
  }

  override async alarm(): Promise<void> {
    if (configuredRunners(this.env).length > 0) await this.checkAll();
  }

  private poolStore(): RunnerPoolState {
    this.pool ??= new RunnerPoolState(this.sql);
    return this.pool;
  }

  private async checkAll(): Promise<ProbeResult[]> {
    const configured = configuredRunners(this.env);
    const results = await Promise.all(configured.map((name) => probeRunner(name)));
    this.applyResults(configured, results);
    return results;
  }

  private applyResults(configured: string[], results: ProbeResult[]): void {
    const store = this.poolStore();
    const change: CapacityChange | undefined = store.apply(configured, results);
    if (change)
      this.ctx.waitUntil(
        announceCapacityChange(this.env, change).catch((error) =>
          console.error(JSON.stringify({ event: "runner_pool.announce_failed", error: String(error) })),
        ),
      );
    // Checks keep running on their own: often while a runner is out (so it rejoins quickly), else at a steady pace.
    const next = Date.now() + (store.anyDown(configured) ? POOL_RECHECK_DOWN_MS : POOL_CHECK_INTERVAL_MS);
    this.ctx.waitUntil(this.ctx.storage.setAlarm(next));
  }
}
