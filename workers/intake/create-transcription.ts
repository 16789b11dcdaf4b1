/**
 * Accepting a transcription: the job is validated and admitted before any byte of its recording
 * is stored or fetched. An upload is then stored in R2 and written with the job in one D1 batch; a
 * URL is checked by its first answer (url-ingest.ts) and fetched by the job's first stage. Then the
 * first stage is queued. Any failure on the way removes what was written and gives back what
 * admission took, so a refused request leaves nothing behind.
 */

import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  ASPECT_RATIOS,
  CAPTIONS,
  DIRECTIONS,
  FRAME_RATES,
  type PipelineOptionName,
  RESOLUTIONS,
  SPEECH_ENGINES,
  THEMES,
  TRANSITIONS,
} from "../../contracts/recording-options";
import { getDb } from "../db/client";
import { eventOutbox, jobs } from "../db/schema";
import { DIAGRAM_TYPES } from "../engine/schema";
import { assertLanguageAvailable } from "../engines/engines";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox, type OutboxKick } from "../events/outbox";
import { deleteArtifactsOfJob, insertArtifact } from "../jobs/artifacts";
import { insertJob, type JobRecord, newJobRecord } from "../jobs/jobs";
import type { StageMessage } from "../jobs/messages";
import { AppError, validationFailed } from "../lib/errors";
import { idPattern, newId } from "../lib/ids";
import type { Same } from "../lib/same-type";
import type { IdempotencyClaim } from "../middleware/idempotency-store";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";
import { admitJob } from "../quotas/admission";
import { releaseAllowanceHolds } from "../quotas/allowance-holds";
import { releaseJobSlot } from "../quotas/job-slots";
import { jobInputKey } from "../storage/keys";
import type { StoredObject } from "../storage/store-stream";
import { getProject } from "../workspaces/projects";
import { discardJobInput } from "./job-input";
import { peekRecordingUrl, type UrlRecording } from "./url-ingest";

export const TranscriptionOptions = z.strictObject({
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a BCP 47 language tag such as en or ja")
    .default("en"),
  engine: z.enum(SPEECH_ENGINES).optional(),
  projectId: z.string().regex(idPattern("prj"), "not a project id").optional(),
  webhookUrl: z.string().url().max(2048).optional(),
});
export type TranscriptionOptions = z.infer<typeof TranscriptionOptions>;

/** A pipeline takes the transcription options plus the diagram's and the video's. */
export const PipelineOptions = TranscriptionOptions.extend({
  type: z.enum(["auto", ...DIAGRAM_TYPES]).default("auto"),
  theme: z.enum(THEMES).default("light"),
  maxNodes: z.coerce.number().int().min(3).max(60).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  resolution: z.enum(RESOLUTIONS).default("720p"),
  aspectRatio: z.enum(ASPECT_RATIOS).default("16:9"),
  fps: z.coerce
    .number()
    .pipe(z.union([z.literal(FRAME_RATES[0]), z.literal(FRAME_RATES[1])]))
    .default(30),
  captions: z.enum(CAPTIONS).default("off"),
  transition: z.enum(TRANSITIONS).default("crossfade"),
});
export type PipelineOptions = z.infer<typeof PipelineOptions>;

// The CLI and the docs name the options from contracts/: the validator must take exactly those.
const namesMatch: Same<keyof PipelineOptions, PipelineOptionName> = true;
void namesMatch;

/** The jobs a recording starts, with the options each takes and the stages each runs. */
export const RECORDING_JOBS = {
  transcription: { options: TranscriptionOptions, stages: ["transcription"] },
  pipeline: { options: PipelineOptions, stages: ["transcription", "analysis", "visualization", "rendering"] },
} as const;
export type RecordingJobKind = keyof typeof RECORDING_JOBS;

export interface Actor {
  workspaceId: string;
  userId: string;
}

/** The checks a recording job's options need beyond their schema: the language, the project, the webhook URL. */
export async function checkRecordingRequest(env: Env, actor: Actor, options: TranscriptionOptions): Promise<void> {
  // A language no healthy runner can do would be accepted and fail a second later: refuse it now.
  await assertLanguageAvailable(env, options);
  if (options.projectId) await getProject(env, actor.workspaceId, options.projectId);
  // Webhooks go out under the same rules as audio URLs; refuse a bad one before any work.
  if (options.webhookUrl) await checkUrl(new URL(options.webhookUrl), outboundPolicy(env));
}

/**
 * Validates and admits a recording job before any byte of its recording is stored or fetched:
 * the options' project and webhook URL, then the plan (allowance holds, and a slot where the
 * plan refuses work over its concurrency). `input` is the stored recording when it is known.
 */
export async function admitRecordingJob(
  env: Env,
  actor: Actor,
  jobId: string,
  options: TranscriptionOptions | PipelineOptions,
  kind: RecordingJobKind,
  input?: Pick<StoredObject, "format" | "size">,
): Promise<JobRecord> {
  await checkRecordingRequest(env, actor, options);
  const job = newJobRecord(actor, {
    id: jobId,
    projectId: options.projectId,
    kind,
    stages: [...RECORDING_JOBS[kind].stages],
    options: { ...options, ...(input ? { inputFormat: input.format, inputBytes: input.size } : {}) },
  });
  await admitJob(env, actor.workspaceId, job);
  return job;
}

/** Gives back what admission took for a job that was not created after all. */
export async function withdrawAdmission(env: Env, actor: Actor, jobId: string): Promise<void> {
  await releaseAllowanceHolds(env, actor.workspaceId, jobId);
  await releaseJobSlot(env, actor.workspaceId, jobId);
}

/**
 * After a failed creation: removes the stored recording and gives back what admission took, unless
 * the job was written after all — by a retry of the same Idempotency-Key that took the job's id
 * over while this request still ran; then all of it is that job's.
 */
export async function giveBackUnwrittenJob(env: Env, actor: Actor, jobId: string, admitted: boolean): Promise<void> {
  const written = await getDb(env).select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId)).get();
  if (written) return;
  await discardJobInput(env, actor.workspaceId, jobId);
  if (admitted) await withdrawAdmission(env, actor, jobId);
}

/** A new job's recording: stored already (an upload), or checked and left for its first stage to fetch (a URL). */
export type JobInput = { stored: StoredObject } | { url: string; recording: UrlRecording };

/**
 * Writes an admitted job (with its stored recording, for an upload) and queues its transcription.
 * The request's Idempotency-Key (and the caller's audit entry) are written with the job in the
 * same batch, so a retry after the isolate died here finds the job instead of a key that stays
 * "in progress". A URL job keeps its URL in the checkpoint, which no reader of the job sees.
 */
export async function enqueueTranscription(
  env: Env,
  actor: Actor,
  admitted: JobRecord,
  input: JobInput,
  idempotencyKey?: string,
  audit?: AuditOf<JobRecord>,
  kick: OutboxKick = (id) => kickOutbox(env, id),
): Promise<JobRecord> {
  const stored = "stored" in input ? input.stored : undefined;
  const known =
    "stored" in input
      ? { inputFormat: input.stored.format, inputBytes: input.stored.size }
      : {
          inputFormat: input.recording.format,
          ...(input.recording.declaredBytes ? { inputBytes: input.recording.declaredBytes } : {}),
        };
  const job: JobRecord = {
    ...admitted,
    idempotencyKey: idempotencyKey ?? null,
    options: { ...admitted.options, ...known },
    checkpoint: "url" in input ? { sourceUrl: input.url } : null,
  };
  const db = getDb(env);
  const entry = audit && auditOutboxRow(actor.workspaceId, audit(job));
  await db.batch([
    insertJob(db, job),
    ...(stored
      ? [
          insertArtifact(db, {
            workspaceId: actor.workspaceId,
            jobId: job.id,
            name: "input",
            r2Key: jobInputKey(actor.workspaceId, job.id),
            contentType: stored.contentType,
            size: stored.size,
            sha256: stored.sha256,
            createdAt: job.createdAt,
          }),
        ]
      : []),
    ...(entry ? [insertAuditRow(db, entry)] : []),
  ]);
  const message: StageMessage = {
    type: "stage",
    jobId: job.id,
    workspaceId: actor.workspaceId,
    stage: "transcription",
  };
  try {
    await env.JOBS.send(message);
  } catch {
    await db.batch([
      deleteArtifactsOfJob(db, job.id),
      db.delete(jobs).where(eq(jobs.id, job.id)),
      // Nor the entry of a job that is gone, unless something published it meanwhile.
      ...(entry
        ? [db.delete(eventOutbox).where(and(eq(eventOutbox.id, entry.id), isNull(eventOutbox.publishedAt)))]
        : []),
    ]);
    throw new AppError(
      503,
      "queue_unavailable",
      "Service unavailable",
      "The job could not be queued; nothing was kept. Try again.",
    );
  }
  if (entry) await kick(actor.workspaceId);
  return job;
}

/** A 422 problem listing what zod found wrong. */
export function optionsInvalid(error: z.ZodError): AppError {
  return validationFailed(error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })));
}

/**
 * The whole URL path: the options, the recording's URL and the plan are checked and the job
 * admitted first, so a request that will be refused fetches nothing; then the URL's first answer
 * is checked (url-ingest.ts) and the job queued; its transcription stage fetches the recording.
 * Whatever fails on the way gives everything back.
 */
export async function transcribeFromUrl(
  env: Env,
  actor: Actor,
  url: string,
  rawOptions: unknown,
  kind: RecordingJobKind = "transcription",
  claim?: IdempotencyClaim,
  audit?: AuditOf<JobRecord>,
  kick?: OutboxKick,
): Promise<JobRecord> {
  const options = RECORDING_JOBS[kind].options.safeParse(rawOptions);
  if (!options.success) throw optionsInvalid(options.error);
  await checkUrl(new URL(url), outboundPolicy(env));
  const jobId = claim?.jobId ?? newId("job");
  const admitted = await admitRecordingJob(env, actor, jobId, options.data, kind);
  try {
    const recording = await peekRecordingUrl(env, actor.workspaceId, url);
    return await enqueueTranscription(env, actor, admitted, { url, recording }, claim?.key, audit, kick);
  } catch (error) {
    await giveBackUnwrittenJob(env, actor, jobId, true);
    throw error;
  }
}
