/**
 * A stage's retry budget, counted in time rather than in queue deliveries: a runner killed
 * mid-stage, a consumer crash, an evicted Durable Object or a D1/R2 call that failed are tried
 * again with backoff until RETRY_BUDGET_SECONDS have passed since the stage's first failure,
 * however many deliveries the platform itself caused. The record lives in the job's checkpoint
 * under `retry` and is merged in SQL, so the stage's own checkpoint (chunks done, render key)
 * stays; it goes with the checkpoint when the stage completes.
 */

import { z } from "zod";
import type { JobRecord, JobStage } from "../jobs/jobs";
import { mergeCheckpointStatement } from "../jobs/transitions";
import { isoNow, now } from "../lib/time";

/** How long a stage keeps trying after its first transient failure. */
export const RETRY_BUDGET_SECONDS = 30 * 60;

/** The queue's own cap on deliveries (wrangler.toml `max_retries`), set far above what the budget needs. */
export const QUEUE_MAX_RETRIES = 100;

/** Distinct failures kept on the record; more are counted under the last one. */
const MAX_TRIED = 8;

const Tried = z.object({ what: z.string(), code: z.string().optional(), times: z.number(), last: z.string() });
const RetryRecord = z.object({ stage: z.string(), since: z.string(), failures: z.number(), tried: z.array(Tried) });
export type RetryRecord = z.infer<typeof RetryRecord>;

/** One transient failure: what happened, and the runner's error code when a runner reported it. */
export interface StageFailure {
  what: string;
  code?: string;
}

/** The job's retry record for `stage`, if it has failed there before. */
export function retryRecordOf(job: Pick<JobRecord, "checkpoint">, stage: JobStage): RetryRecord | undefined {
  const parsed = RetryRecord.safeParse(job.checkpoint?.retry);
  return parsed.success && parsed.data.stage === stage ? parsed.data : undefined;
}

function withFailure(record: RetryRecord | undefined, stage: JobStage, failure: StageFailure, at: string): RetryRecord {
  const base: RetryRecord = record ?? { stage, since: at, failures: 0, tried: [] };
  const what = failure.what.slice(0, 200);
  const tried = [...base.tried];
  const index = tried.findIndex((t) => t.what === what);
  const target =
    index >= 0
      ? index
      : tried.length < MAX_TRIED
        ? tried.push({ what, code: failure.code, times: 0, last: at }) - 1
        : MAX_TRIED - 1;
  tried[target] = { ...tried[target]!, times: tried[target]!.times + 1, last: at };
  return { ...base, failures: base.failures + 1, tried };
}

async function storedRecord(
  env: Env,
  job: Pick<JobRecord, "id" | "workspaceId">,
  stage: JobStage,
): Promise<RetryRecord | undefined> {
  const row = await env.DB.prepare("SELECT checkpoint FROM jobs WHERE id = ? AND workspace_id = ?")
    .bind(job.id, job.workspaceId)
    .first<{ checkpoint: string | null }>();
  return row?.checkpoint ? retryRecordOf({ checkpoint: JSON.parse(row.checkpoint) }, stage) : undefined;
}

/** Adds a failure to the job's record for `stage` (starting its budget on the first) and answers the record. */
export async function recordFailure(
  env: Env,
  job: Pick<JobRecord, "id" | "workspaceId">,
  stage: JobStage,
  failure: StageFailure,
): Promise<RetryRecord> {
  const record = withFailure(await storedRecord(env, job, stage), stage, failure, isoNow());
  await mergeCheckpoint(env, job, { retry: record });
  return record;
}

/** Merges `fields` into the job's checkpoint while the job is open, keeping what else it holds. */
export async function mergeCheckpoint(
  env: Env,
  job: Pick<JobRecord, "id" | "workspaceId">,
  fields: Record<string, unknown>,
): Promise<void> {
  await mergeCheckpointStatement(env, job, fields, isoNow()).run();
}

/** True once the stage has been failing for longer than the budget. */
export function budgetSpent(record: RetryRecord): boolean {
  return now() - Date.parse(record.since) >= RETRY_BUDGET_SECONDS * 1000;
}

/** True when the engine has now failed on this same input twice: the input, not the runner, is at fault. */
export function engineFailedTwice(record: RetryRecord): boolean {
  return record.tried.filter((t) => t.code === "engine_failed").reduce((n, t) => n + t.times, 0) >= 2;
}

/** What was tried, for the job's error: how many attempts over how long, and each distinct failure. */
export function describeTried(record: RetryRecord): string {
  const minutes = Math.max(0, Math.round((now() - Date.parse(record.since)) / 60_000));
  const failures = record.tried.map((t) => `${t.what} (${t.times}×, last at ${t.last})`).join("; ");
  return `${record.failures} failed attempt${record.failures === 1 ? "" : "s"} over ${minutes} min since ${record.since}: ${failures}`;
}

/** Backoff before the next try: exponential in the stage's failures, full jitter, capped at a minute. */
export function backoffSeconds(failures: number): number {
  const ceiling = Math.min(60, 2 ** Math.min(Math.max(failures, 1), 6));
  return Math.max(1, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}
