/**
 * The live figures of the operations dashboard for one workspace, computed from what the
 * platform records: jobs in D1 (queue depth, throughput, durations), the runners' own health
 * answers (pool), the workspace hub (open sockets) and the platform's request metrics.
 */
import { and, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { jobs } from "../db/schema";
import { isoNow } from "../lib/time";
import { TtlCache } from "../lib/ttl-cache";
import { type RequestFigures, requestFigures } from "./request-figures";

const HISTORY_MINUTES = 60;
const THROUGHPUT_WINDOW_MINUTES = 5;
// Bounds the scan: jobs finished in the last hour were created in the last day (a job's limit).
const CREATED_LOOKBACK_MS = 24 * 3600_000;

export interface RunnerPool {
  total: number;
  reachable: number;
  busy: number;
}

export interface OpsSummary {
  workspaceId: string;
  at: string;
  requests: RequestFigures | null;
  jobs: {
    queued: number;
    running: number;
    /** Jobs that ended per minute, averaged over the last five minutes. */
    throughputPerMinute: number;
    failedLastHour: number;
    durationSeconds: { p50: number | null; p95: number | null };
    /** Jobs ended in each of the last 60 minutes, oldest first. */
    finishedPerMinute: { at: string; count: number }[];
  };
  runners: RunnerPool | null;
  connections: number;
}

/** The p-th percentile (0–1) of sorted numbers, nearest rank; null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function jobFigures(env: Env, workspaceId: string, now: number): Promise<OpsSummary["jobs"]> {
  const db = getDb(env);
  const hourAgo = isoNow(now - HISTORY_MINUTES * 60_000);
  const [counts, ended] = await db.batch([
    db
      .select({ status: jobs.status, count: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.workspaceId, workspaceId), inArray(jobs.status, ["queued", "running"])))
      .groupBy(jobs.status),
    db
      .select({
        status: jobs.status,
        startedAt: jobs.startedAt,
        createdAt: jobs.createdAt,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(
        and(
          eq(jobs.workspaceId, workspaceId),
          gte(jobs.createdAt, isoNow(now - CREATED_LOOKBACK_MS)),
          isNotNull(jobs.finishedAt),
          gte(jobs.finishedAt, hourAgo),
        ),
      )
      .limit(10_000),
  ]);
  const countOf = (status: string) => Number(counts.find((c) => c.status === status)?.count ?? 0);
  const minuteStart = Math.floor(now / 60_000) * 60_000;
  const perMinute = new Array<number>(HISTORY_MINUTES).fill(0);
  const durations: number[] = [];
  let failed = 0;
  for (const job of ended) {
    const finished = Date.parse(job.finishedAt!);
    const slot = HISTORY_MINUTES - 1 - Math.floor((minuteStart - Math.floor(finished / 60_000) * 60_000) / 60_000);
    if (slot >= 0 && slot < HISTORY_MINUTES) perMinute[slot]! += 1;
    if (job.status === "failed") failed += 1;
    if (job.status === "succeeded") durations.push((finished - Date.parse(job.startedAt ?? job.createdAt)) / 1000);
  }
  durations.sort((a, b) => a - b);
  const recent = ended.filter((j) => Date.parse(j.finishedAt!) >= now - THROUGHPUT_WINDOW_MINUTES * 60_000).length;
  return {
    queued: countOf("queued"),
    running: countOf("running"),
    throughputPerMinute: recent / THROUGHPUT_WINDOW_MINUTES,
    failedLastHour: failed,
    durationSeconds: { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95) },
    finishedPerMinute: perMinute.map((count, i) => ({
      at: isoNow(minuteStart - (HISTORY_MINUTES - 1 - i) * 60_000),
      count,
    })),
  };
}

// The pool is shared by every workspace: one probe per second per isolate is plenty.
const poolCache = new TtlCache<RunnerPool | null>(1_000, 1);

/** Asks each local runner for its health; null in production, where the container pool scales itself. */
async function runnerPool(env: Pick<Env, "RUNNER_URLS">): Promise<RunnerPool | null> {
  const cached = poolCache.get("pool");
  if (cached !== undefined) return cached;
  const urls = env.RUNNER_URLS.split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) return null;
  const answers = await Promise.all(
    urls.map(async (base) => {
      try {
        const res = await fetch(`${base.replace(/\/$/, "")}/healthz`, { signal: AbortSignal.timeout(800) });
        if (!res.ok) return undefined;
        const health = (await res.json()) as { status?: unknown };
        return health.status === "busy" ? "busy" : "idle";
      } catch {
        return undefined;
      }
    }),
  );
  const pool = {
    total: urls.length,
    reachable: answers.filter(Boolean).length,
    busy: answers.filter((a) => a === "busy").length,
  };
  poolCache.set("pool", pool);
  return pool;
}

async function openConnections(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string): Promise<number> {
  return env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId)).connections();
}

/** Every figure of the operations dashboard for `workspaceId`, as of now. */
export async function opsSummary(env: Env, workspaceId: string, now = Date.now()): Promise<OpsSummary> {
  const [jobsNow, runners, connections, requests] = await Promise.all([
    jobFigures(env, workspaceId, now),
    runnerPool(env),
    openConnections(env, workspaceId),
    requestFigures(env, now),
  ]);
  return { workspaceId, at: isoNow(now), requests, jobs: jobsNow, runners, connections };
}
