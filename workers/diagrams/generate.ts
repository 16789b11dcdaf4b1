/**
 * Turning text into a diagram. Short text is answered at once (the job is recorded as already
 * succeeded, so every diagram belongs to a job like all other work); a transcript or long text
 * becomes a queued job whose analysis and visualization stages run in the queue consumer.
 */

import { z } from "zod";
import { getDb, toStatement } from "../db/client";
import {
  analyze,
  buildDiagram,
  DIAGRAM_TYPES,
  type DiagramData,
  detectType,
  MAX_ANALYZED_CHARS,
  type TypeDetection,
} from "../engine";
import { type AuditOf, auditOutboxRow, auditOutboxStatement, insertAuditRow, kickOutbox } from "../events/outbox";
import { listGlossary } from "../glossary/glossary";
import type { Actor } from "../intake/create-transcription";
import { estimate } from "../jobs/estimate";
import { insertJob, type JobRecord, newJobRecord } from "../jobs/jobs";
import type { StageMessage } from "../jobs/messages";
import { resultId, sourceTranscriptId } from "../jobs/result-ids";
import { AppError } from "../lib/errors";
import { idPattern } from "../lib/ids";
import type { IdempotencyClaim } from "../middleware/idempotency-store";
import { admitJob } from "../quotas/admission";
import { getTranscript, readTranscriptDocument } from "../transcripts/transcripts";
import { getProject } from "../workspaces/projects";
import { diagramRows } from "./rows";
import { renderAndStore } from "./store";

/** Text up to this length is drawn while the request waits; longer text becomes a job. */
export const SYNC_TEXT_LIMIT = 5_000;

export const GenerateDiagramOptions = z.strictObject({
  type: z.enum(["auto", ...DIAGRAM_TYPES]).default("auto"),
  theme: z.enum(["light", "dark"]).default("light"),
  language: z.enum(["ja", "en"]).optional(),
  maxNodes: z.number().int().min(3).max(60).optional(),
  direction: z.enum(["TB", "LR"]).optional(),
  projectId: z.string().regex(idPattern("prj"), "not a project id").optional(),
});
export type GenerateDiagramOptions = z.infer<typeof GenerateDiagramOptions>;

export interface DiagramSource {
  text?: string;
  transcriptId?: string;
}

/** Analyses, detects and builds; the pure part of every diagram generation. */
export function draftDiagram(
  text: string,
  options: GenerateDiagramOptions,
  segments?: { start: number; end: number; text: string }[],
  terms?: readonly string[],
) {
  if (text.length > MAX_ANALYZED_CHARS) {
    throw new AppError(
      413,
      "text_too_long",
      "Text too long",
      `Diagrams are drawn from at most ${MAX_ANALYZED_CHARS} characters.`,
      { limit: MAX_ANALYZED_CHARS },
    );
  }
  const analysis = analyze({ text, segments, language: options.language });
  const detection: TypeDetection = detectType(analysis);
  const data: DiagramData = buildDiagram(analysis, { type: options.type, maxNodes: options.maxNodes, terms });
  return { data, detection };
}

/** A new diagram job; with an Idempotency-Key it takes the id the key was claimed with and carries the key. */
function newDiagramJob(
  actor: Actor,
  options: GenerateDiagramOptions,
  source: DiagramSource,
  status: "queued" | "succeeded",
  claim?: IdempotencyClaim,
): JobRecord {
  const job = {
    ...newJobRecord(actor, {
      ...(claim ? { id: claim.jobId } : {}),
      projectId: options.projectId,
      kind: "diagram",
      stages: ["analysis", "visualization"],
      options: { ...options, ...(source.transcriptId ? { transcriptId: source.transcriptId } : {}) },
    }),
    idempotencyKey: claim?.key ?? null,
  };
  if (status === "queued") return job;
  // Drawn while the request waited: recorded as already through both stages, finished when created.
  return {
    ...job,
    stage: "visualization",
    status,
    progress: 100,
    currentOperation: "done",
    attempts: 1,
    startedAt: job.createdAt,
    finishedAt: job.createdAt,
  };
}

/** True for a diagram job drawn while its request waited (generateNow), not one that went through the queue. */
export function drawnWhileWaiting(job: JobRecord): boolean {
  return (
    job.kind === "diagram" &&
    job.status === "succeeded" &&
    job.startedAt === job.createdAt &&
    job.finishedAt === job.createdAt
  );
}

/**
 * Draws short text now, its audit entry in the batch of its rows: returns the diagram id and job.
 * The request's Idempotency-Key goes onto the job in that batch, so a retry after the request died
 * finds the job (and the diagram files it stored are written again under the same id).
 */
export async function generateNow(
  env: Env,
  actor: Actor,
  text: string,
  options: GenerateDiagramOptions,
  audit: AuditOf<{ diagramId: string; job: JobRecord }>,
  claim?: IdempotencyClaim,
) {
  if (options.projectId) await getProject(env, actor.workspaceId, options.projectId);
  const { data, detection } = draftDiagram(text, options, undefined, await glossaryTerms(env, actor.workspaceId));
  const job = newDiagramJob(actor, options, { text }, "succeeded", claim);
  await admitJob(env, actor.workspaceId, job, { immediate: true });
  const diagramId = resultId("dgm", job.id);
  const { stored, quality } = await renderAndStore(env, actor.workspaceId, diagramId, data, options);
  const db = getDb(env);
  await env.DB.batch([
    toStatement(env, insertJob(db, job)),
    ...diagramRows(env, { job, diagramId, data, detection, options, stored, quality, transcriptId: null }),
    auditOutboxStatement(env, actor.workspaceId, audit({ diagramId, job })),
  ]);
  await kickOutbox(env, actor.workspaceId);
  return { diagramId, job, data };
}

/** Queues a diagram job (written with its audit entry and Idempotency-Key, as in generateNow) for a transcript or long text. */
export async function generateLater(
  env: Env,
  actor: Actor,
  source: DiagramSource,
  options: GenerateDiagramOptions,
  audit: AuditOf<JobRecord>,
  claim?: IdempotencyClaim,
): Promise<JobRecord> {
  if (options.projectId) await getProject(env, actor.workspaceId, options.projectId);
  if (source.transcriptId) await getTranscript(env, actor.workspaceId, source.transcriptId);
  if (source.text && source.text.length > MAX_ANALYZED_CHARS) draftDiagram(source.text, options); // refuses with 413
  const job = newDiagramJob(actor, options, source, "queued", claim);
  await admitJob(env, actor.workspaceId, job);
  if (source.text) await env.MEDIA.put(`ws/${actor.workspaceId}/jobs/${job.id}/input.txt`, source.text);
  const db = getDb(env);
  await db.batch([insertJob(db, job), insertAuditRow(db, auditOutboxRow(actor.workspaceId, audit(job)))]);
  await kickOutbox(env, actor.workspaceId);
  const message: StageMessage = { type: "stage", jobId: job.id, workspaceId: actor.workspaceId, stage: "analysis" };
  await env.JOBS.send(message);
  return job;
}

/** The workspace glossary's spellings, which the diagram's labels use. */
export async function glossaryTerms(env: Env, workspaceId: string): Promise<string[]> {
  return (await listGlossary(env, workspaceId)).map((t) => t.term);
}

/** The text (and timed segments) a diagram job draws from. */
export async function loadDiagramSource(
  env: Env,
  job: JobRecord,
): Promise<{ text: string; segments?: { start: number; end: number; text: string }[] }> {
  const transcriptId = sourceTranscriptId(job);
  if (transcriptId) {
    const document = await readTranscriptDocument(env, await getTranscript(env, job.workspaceId, transcriptId));
    return {
      text: document.text,
      segments: document.segments.map((s) => ({ start: s.start, end: s.end, text: s.text })),
    };
  }
  const input = await env.MEDIA.get(`ws/${job.workspaceId}/jobs/${job.id}/input.txt`);
  if (!input) throw new AppError(422, "input_missing", "Input missing", "The job's text is no longer stored.");
  return { text: await input.text() };
}

/** The dry run of a diagram request: checked like the real one, estimated, nothing created. */
export async function estimateDiagram(env: Env, actor: Actor, source: DiagramSource, options: GenerateDiagramOptions) {
  if (options.projectId) await getProject(env, actor.workspaceId, options.projectId);
  if (source.transcriptId) await getTranscript(env, actor.workspaceId, source.transcriptId);
  if (source.text && source.text.length > MAX_ANALYZED_CHARS) draftDiagram(source.text, options); // refuses with 413
  return estimate({ kind: "diagram", audioSeconds: null });
}
