/**
 * A job's results are named after the job: the same suffix under the result's prefix
 * (job_X → trn_X, dgm_X, vid_X), so a redelivered stage rewrites the same rows and objects.
 */
import { resultId } from "../../contracts/job";
import type { JobRecord } from "./jobs";

export { resultId };

/** The job that produced a result. */
export function jobIdOfResult(id: string): string {
  return `job_${id.slice(4)}`;
}

/** The transcript a diagram job draws from: the one it names, or a pipeline's own. */
export function sourceTranscriptId(job: Pick<JobRecord, "id" | "kind" | "options">): string | undefined {
  if (typeof job.options.transcriptId === "string") return job.options.transcriptId;
  return job.kind === "pipeline" ? resultId("trn", job.id) : undefined;
}
