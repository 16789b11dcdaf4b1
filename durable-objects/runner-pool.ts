/**
 * The media runner pool's shared state, one instance (`runner-pool`) per deployment: it
 * health-checks the runners on an alarm (and whenever a stage asks for a runner), ranks them
 * least busy first, and announces capacity changes to the workspaces waiting for one.
 */
import { DurableObject } from "cloudflare:workers";
import { announceCapacityChange } from "../workers/runners/notify";
import { type CapacityChange, RunnerPoolState, type RunnerState } from "../workers/runners/pool-state";
import { configuredRunners, type ProbeResult, probeRunner } from "../workers/runners/probe";
import { type RunnerNeed, rankRunners } from "../workers/runners/ranking";

/** How often the pool is checked while every runner is healthy, and while one is out. */
const POOL_CHECK_INTERVAL_MS = 15_000;
const POOL_RECHECK_DOWN_MS = 2_000;

export class RunnerPool extends DurableObject<Env> {
  private readonly pool: RunnerPoolState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.pool = new RunnerPoolState(ctx.storage.sql);
  }

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
    return this.pool.list(configuredRunners(this.env));
  }

  override async alarm(): Promise<void> {
    if (configuredRunners(this.env).length > 0) await this.checkAll();
  }

  private async checkAll(): Promise<ProbeResult[]> {
    const configured = configuredRunners(this.env);
    const results = await Promise.all(configured.map((name) => probeRunner(name)));
    this.applyResults(configured, results);
    return results;
  }

  private applyResults(configured: string[], results: ProbeResult[]): void {
    const store = this.pool;
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
