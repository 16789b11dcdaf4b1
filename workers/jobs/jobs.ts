/**
 * The job repository. Every function takes the workspace id from the caller's authenticated
 * context (or from a queue message the Worker itself wrote), never from a request body.
 */
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { type Db, getDb } from "../db/client";
import { artifacts, jobs, webhookDeliveries } from "../db/schema";
import { findInWorkspace } from "../db/scoped";
import { jobEndOutboxStatement } from "../events/outbox";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";

export type JobRecord = typeof jobs.$inferSelect;
export type JobStatus = JobRecord["status"];
export type JobKind = JobRecord["kind"];
export const STAGES = ["transcription", "analysis", "visualization", "rendering"] as const;
export type JobStage = (typeof STAGES)[number];
export const TERMINAL: JobStatus[] = ["succeeded", "failed", "canceled"];

/** A new job record with every bookkeeping field at its starting value. */
export function newJobRecord(
  actor: { workspaceId: string; userId: string },
  job: Pick<JobRecord, "kind" | "stages" | "options"> & Partial<Pick<JobRecord, "id" | "projectId">>,
): JobRecord {
  const now = isoNow();
  return {
    id: job.id ?? newId("job"),
    workspaceId: actor.workspaceId,
    projectId: job.projectId ?? null,
    kind: job.kind,
    stages: job.stages,
    stage: job.stages[0] ?? null,
    status: "queued",
    progress: 0,
    etaSeconds: null,
    currentOperation: "queued",
    errorCode: null,
    errorMessage: null,
    options: job.options,
    idempotencyKey: null,
    requestHash: null,
    batchId: null,
    attempts: 0,
    checkpoint: null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

/** The drizzle insert of a new job record, for the batch that creates it with its first rows. */
export function insertJob(db: Db, job: JobRecord) {
  return db.insert(jobs).values(job);
}

/** The job if it belongs to this workspace. */
export async function findJob(env: Env, workspaceId: string, jobId: string): Promise<JobRecord | undefined> {
  return findInWorkspace(env, jobs, workspaceId, jobId);
}

/** The job if it belongs to this workspace; 404 otherwise, also for another workspace's id. */
export async function getJob(env: Env, workspaceId: string, jobId: string): Promise<JobRecord> {
  const job = await findJob(env, workspaceId, jobId);
  if (!job) throw notFound("job");
  return job;
}

export interface JobFilters {
  status?: JobStatus;
  kind?: JobKind;
  projectId?: string;
  batchId?: string;
}

/** A page of the workspace's jobs, newest first. */
export async function listJobs(
  env: Env,
  workspaceId: string,
  filters: JobFilters,
  limit: number,
  afterId?: string,
): Promise<JobRecord[]> {
  return getDb(env)
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.workspaceId, workspaceId),
        filters.status ? eq(jobs.status, filters.status) : undefined,
        filters.kind ? eq(jobs.kind, filters.kind) : undefined,
        filters.projectId ? eq(jobs.projectId, filters.projectId) : undefined,
        filters.batchId ? eq(jobs.batchId, filters.batchId) : undefined,
        afterId ? lt(jobs.id, afterId) : undefined,
      ),
    )
    .orderBy(desc(jobs.id))
    .limit(limit + 1)
    .all();
}

/** The job's artifacts, oldest first. */
export async function listArtifacts(env: Env, workspaceId: string, jobId: string) {
  return getDb(env)
    .select()
    .from(artifacts)
    .where(and(eq(artifacts.workspaceId, workspaceId), eq(artifacts.jobId, jobId)))
    .orderBy(artifacts.createdAt)
    .all();
}

/** How long a running attempt holds its job without a sign of life before another may take it. */
export const LEASE_SECONDS = 30;

export type Claim =
  | { outcome: "claimed"; job: JobRecord }
  | { outcome: "finished"; job: JobRecord }
  | { outcome: "leased"; retryAfterSeconds: number }
  | { outcome: "missing" };

/** The webhook delivery attempts of a job, oldest first. */
export async function listWebhookDeliveries(env: Env, workspaceId: string, jobId: string) {
  return getDb(env)
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.jobId, jobId)))
    .orderBy(webhookDeliveries.createdAt)
    .all();
}

/**
 * Takes a job for one attempt at a stage. A finished job means a duplicate delivery (acknowledge
 * it, do nothing); a job another attempt is working on right now is "leased" (try again later),
 * so two deliveries never run one stage at the same time.
 */
export async function claimJob(env: Env, workspaceId: string, jobId: string, stage: JobStage): Promise<Claim> {
  const now = isoNow();
  const staleBefore = isoNow(Date.now() - LEASE_SECONDS * 1000);
  const claimed = await getDb(env)
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
      updatedAt: now,
    })
    .where(
      and(
        eq(jobs.id, jobId),
        eq(jobs.workspaceId, workspaceId),
        eq(jobs.stage, stage),
        or(eq(jobs.status, "queued"), and(eq(jobs.status, "running"), lt(jobs.updatedAt, staleBefore))),
      ),
    )
    .returning()
    .get();
  if (claimed) return { outcome: "claimed", job: claimed };
  const current = await findJob(env, workspaceId, jobId);
  if (!current) return { outcome: "missing" };
  // A finished job, or one already past this stage, means this delivery is a duplicate.
  const pastThisStage = current.stages.indexOf(current.stage ?? "") > current.stages.indexOf(stage);
  if (TERMINAL.includes(current.status) || pastThisStage) return { outcome: "finished", job: current };
  const leaseEnds = Date.parse(current.updatedAt) + LEASE_SECONDS * 1000;
  return { outcome: "leased", retryAfterSeconds: Math.max(1, Math.ceil((leaseEnds - Date.now()) / 1000)) };
}

/** Gives a job back to the queue after a failed attempt, keeping its checkpoint. */
export async function releaseJob(env: Env, workspaceId: string, jobId: string, lastError: string): Promise<void> {
  await getDb(env)
    .update(jobs)
    .set({ status: "queued", currentOperation: `retrying: ${lastError}`.slice(0, 300), updatedAt: isoNow() })
    .where(and(eq(jobs.id, jobId), eq(jobs.workspaceId, workspaceId), eq(jobs.status, "running")));
}

/** Records live progress of a running job. */
export async function recordProgress(
  env: Env,
  workspaceId: string,
  jobId: string,
  progress: { percent: number; etaSeconds: number | null; currentOperation: string },
): Promise<void> {
  await getDb(env)
    .update(jobs)
    .set({
      progress: progress.percent,
      etaSeconds: progress.etaSeconds === null ? null : Math.round(progress.etaSeconds),
      currentOperation: progress.currentOperation,
      updatedAt: isoNow(),
    })
    .where(and(eq(jobs.id, jobId), eq(jobs.workspaceId, workspaceId), eq(jobs.status, "running")));
}

/**
 * Marks a job failed with a stable code and a human reason, unless it already ended; true if it did.
 * The job's end goes into the event outbox in the same batch, so it is published even if the
 * Worker dies right after (the caller then kicks the hub: kickOutbox).
 */
export async function failJob(
  env: Env,
  workspaceId: string,
  jobId: string,
  code: string,
  message: string,
): Promise<boolean> {
  const now = isoNow();
  const [failed] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE jobs SET status = 'failed', error_code = ?, error_message = ?, finished_at = ?, updated_at = ?, eta_seconds = NULL WHERE id = ? AND workspace_id = ? AND status IN ('queued', 'running')",
    ).bind(code, message.slice(0, 1000), now, now, jobId, workspaceId),
    jobEndOutboxStatement(env, { id: jobId, workspaceId }, { status: "failed", code, message }),
  ]);
  return failed!.meta.changes === 1;
}
