/**
 * The job resource as every client reads it (GET /api/v1/jobs/{id}). workers/jobs/job-resource.ts
 * holds the validator the API answers with and fails the type check if the two drift apart; the
 * console and the CLI import these types, so no zod reaches the browser.
 */
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "canceled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobKind = "transcription" | "diagram" | "video" | "pipeline";
export type StageName = "transcription" | "analysis" | "visualization" | "rendering";
export type StageStatus = "pending" | "running" | "succeeded" | "failed" | "canceled";

export interface JobArtifact {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface JobWebhookAttempt {
  messageId: string;
  event: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  at: string;
}

/** A laid-out diagram's quality report (workers/engine/layout/quality.ts). */
export interface DiagramQuality {
  overlaps: number;
  edgeCrossings: number;
  labelsOverBudget: string[];
  smallestTextPx: number;
  nodesWithoutScene: string[];
}

export interface JobResource {
  id: string;
  kind: JobKind;
  status: JobStatus;
  stage: string | null;
  stages: { name: StageName; status: StageStatus }[];
  progress: number;
  etaSeconds: number | null;
  currentOperation: string | null;
  error: { code: string; message: string } | null;
  projectId: string | null;
  batchId: string | null;
  options: Record<string, unknown>;
  attempts: number;
  artifacts: JobArtifact[];
  transcriptId: string | null;
  /** The diagram the job drew, with its quality report, so a client can act on it without another read. */
  diagram: { id: string; quality: DiagramQuality | null } | null;
  webhooks: JobWebhookAttempt[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** True once a job can change no more. */
export const isEnded = (status: string): boolean =>
  status === "succeeded" || status === "failed" || status === "canceled";

/** The id of a job's result of a kind: same suffix, another prefix (workers/jobs/result-ids.ts). */
export const resultId = (prefix: "trn" | "dgm" | "vid", jobId: string): string => `${prefix}_${jobId.slice(4)}`;
