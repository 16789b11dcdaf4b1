/** The job resource as the console uses it (see workers/jobs/job-resource.ts). */
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "canceled";
export interface Job {
  id: string;
  kind: "transcription" | "diagram" | "video" | "pipeline";
  status: JobStatus;
  stage: string | null;
  stages: { name: string; status: string }[];
  progress: number;
  etaSeconds: number | null;
  currentOperation: string | null;
  error: { code: string; message: string } | null;
  projectId: string | null;
  batchId: string | null;
  options: Record<string, unknown>;
  artifacts: { name: string; contentType: string; size: number }[];
  transcriptId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const isEnded = (status: string) => status === "succeeded" || status === "failed" || status === "canceled";

/** The id of a job's result of a kind: same suffix, another prefix (workers/jobs/result-ids.ts). */
export const resultId = (prefix: "trn" | "dgm" | "vid", jobId: string) => `${prefix}_${jobId.slice(4)}`;
