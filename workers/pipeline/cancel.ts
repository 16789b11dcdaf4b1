/**
 * Canceling a job: the row moves to `canceled` first (so nothing later can mark it succeeded),
 * then every runner is told to kill the job's processes. A finished job cannot be canceled.
 * The job's end (and the caller's audit entry, when given) are written to the event outbox in the
 * batch that cancels it, so neither can be lost once the cancel stands.
 */

import type { AuditBody, OutboxKick } from "../events/outbox";
import { auditOutboxStatement, jobEndOutboxStatement, kickOutbox } from "../events/outbox";
import { getJob, type JobRecord } from "../jobs/jobs";
import { cancelStatement } from "../jobs/transitions";
import { conflict } from "../lib/errors";
import { isoNow } from "../lib/time";
import { runnerEndpoints } from "../runners/runner-client";
import { discardCheckpoints } from "./transcription-stage";

/** Cancels a queued or running job of this workspace; 404 for another's, 409 when already finished. */
export async function cancelJob(
  env: Env,
  workspaceId: string,
  jobId: string,
  audit?: AuditBody,
  kick: OutboxKick = (id) => kickOutbox(env, id),
): Promise<JobRecord> {
  const now = isoNow();
  const job = { id: jobId, workspaceId };
  const [canceled] = await env.DB.batch([
    cancelStatement(env, job, now),
    jobEndOutboxStatement(env, job, { status: "canceled" }),
    // Guarded by the end row just above: written only when this call canceled the job.
    ...(audit ? [auditOutboxStatement(env, workspaceId, audit, { guarded: true })] : []),
  ]);
  const record = await getJob(env, workspaceId, jobId);
  if (canceled!.meta.changes !== 1) throw conflict("job_finished", `The job already ended as ${record.status}.`);
  await kick(workspaceId);
  await discardCheckpoints(env, record);
  // Best effort: a runner that is down has nothing of this job left to kill.
  await Promise.allSettled(
    runnerEndpoints(env, jobId).map((runner) => runner.fetch(`/jobs/${jobId}`, { method: "DELETE" })),
  );
  return record;
}
