/**
 * The runner pool as the rest of the Worker sees it. A stage asks for its runners here: the
 * `runner-pool` object checks the local runners and answers the healthy ones, least busy first;
 * each endpoint reports a failed attempt back, so a runner that died leaves the pool at once.
 * In production (no RUNNER_URLS) the job's own container instance is the runner, and the
 * container platform balances instances (`max_instances`).
 */
import type { RunnerPool } from "../../durable-objects/runner-pool";
import type { RunnerState } from "./pool-state";
import { configuredRunners } from "./probe";
import type { RunnerNeed } from "./ranking";
import { type RunnerEndpoint, runnerEndpoints } from "./runner-client";

/** The one RunnerPool instance, which holds the pool's state. */
export const RUNNER_POOL_OBJECT = "runner-pool";

function poolObject(env: Pick<Env, "RUNNER_POOL">): DurableObjectStub<RunnerPool> {
  return env.RUNNER_POOL.get(env.RUNNER_POOL.idFromName(RUNNER_POOL_OBJECT));
}

function localEndpoint(env: Pick<Env, "RUNNER_POOL">, base: string): RunnerEndpoint {
  return {
    name: base,
    fetch: (path, init) => fetch(base + path, init),
    reportFailure: async () => {
      await poolObject(env).recheckRunner(base);
    },
  };
}

/** What a transcription stage needs of its runner; nothing for the other stages. */
function needOf(job: { stage?: string | null; options?: Record<string, unknown> }): RunnerNeed | undefined {
  if (job.stage !== "transcription") return undefined;
  const { language, engine } = job.options ?? {};
  return { language: typeof language === "string" ? language : "en", ...(typeof engine === "string" && { engine }) };
}

/** The runners to try for one attempt at a stage, in order. */
export async function runnersForStage(
  env: Pick<Env, "RUNNER_URLS" | "MEDIA_RUNNER" | "RUNNER_POOL">,
  job: { id: string; attempts: number; stage?: string | null; options?: Record<string, unknown> },
): Promise<RunnerEndpoint[]> {
  const configured = configuredRunners(env);
  if (configured.length === 0) return runnerEndpoints(env, job.id);
  let order: string[] = [];
  try {
    order = await poolObject(env).rankRunners(configured, job.attempts, needOf(job));
  } catch (error) {
    // The pool's bookkeeping must never stop work: fall back to every configured runner.
    console.warn(JSON.stringify({ event: "runner_pool.unavailable", error: String(error) }));
  }
  // With no runner healthy right now every one is still tried; a failure retries the stage later.
  if (order.length === 0) order = configured;
  return order.map((base) => localEndpoint(env, base));
}

export interface PoolView {
  /** "local": runner processes from RUNNER_URLS, checked by the pool; "containers": the platform's pool. */
  mode: "local" | "containers";
  runners: RunnerState[];
}

/** The pool as last checked, or checked now with `fresh`. */
export async function runnerPool(env: Pick<Env, "RUNNER_URLS" | "RUNNER_POOL">, fresh = false): Promise<PoolView> {
  if (configuredRunners(env).length === 0) return { mode: "containers", runners: [] };
  const pool = poolObject(env);
  return { mode: "local", runners: fresh ? await pool.checkPool() : await pool.poolState() };
}
