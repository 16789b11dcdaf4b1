/**
 * Progress of a running stage: every update goes to the workspace's hub (which coalesces for
 * clients), and at most one a second is written to D1 as the job's overall progress.
 */

import { publishEvent } from "../events/publish";
import { type JobRecord, type JobStage, recordProgress } from "../jobs/jobs";
import { overallProgress } from "../jobs/stages";

const D1_INTERVAL_MS = 1000;

export interface StageUpdate {
  percent: number;
  etaSeconds: number | null;
  currentOperation: string;
}

/** A reporter for one stage of one job. */
export function stageProgress(env: Env, job: JobRecord, stage: JobStage): (update: StageUpdate) => Promise<void> {
  let writtenAt = 0;
  return async (update) => {
    await publishEvent(env, job.workspaceId, {
      type: "job:progress",
      jobId: job.id,
      projectId: job.projectId,
      stage,
      progress: update.percent,
      estimatedTimeRemaining: update.etaSeconds,
      currentOperation: update.currentOperation,
    });
    if (Date.now() - writtenAt < D1_INTERVAL_MS) return;
    writtenAt = Date.now();
    await recordProgress(env, job.workspaceId, job.id, {
      ...update,
      percent: overallProgress(job, stage, update.percent),
    });
  };
}
