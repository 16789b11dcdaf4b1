/**
 * Canceling a job: the row moves to `canceled` first (so nothing later can mark it succeeded),
 * then every runner is told to kill the job's processes. A finished job cannot be canceled.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../db/client";
import { jobs } from "../db/schema";
import { conflict } from "../lib/errors";
import { isoNow } from "../lib/time";
import { getJob, type JobRecord } from "./jobs";
import { announceJobEnd } from "./announce";
import { runnerEndpoints } from "./runner-client";
import { discardCheckpoints } from "./transcription-stage";

/** Cancels a queued or running job of this workspace; 404 for another's, 409 when already finished. */
export async function cancelJob(env: Env, workspaceId: string, jobId: string): Promise<JobRecord> {
  const now = isoNow();
  const canceled = await getDb(env)
    .update(jobs)
    .set({ status: "canceled", finishedAt: now, updatedAt: now, etaSeconds: null, currentOperation: "canceled" })
    .where(and(eq(jobs.id, jobId), eq(jobs.workspaceId, workspaceId), inArray(jobs.status, ["queued", "running"])))
    .returning()
    .get();
  if (!canceled) {
    const job = await getJob(env, workspaceId, jobId);
    throw conflict("job_finished", `The job already ended as ${job.status}.`);
  }
  await announceJobEnd(env, canceled, { status: "canceled" });
  await discardCheckpoints(env, canceled);
  // Best effort: a runner that is down has nothing of this job left to kill.
  await Promise.allSettled(runnerEndpoints(env, jobId).map((runner) => runner.fetch(`/jobs/${jobId}`, { method: "DELETE" })));
  return canceled;
}
