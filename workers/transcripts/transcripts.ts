/** Transcripts: a summary row in D1 and the full document (segments with word timings) in R2. */
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { transcripts } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import type { GlossaryCorrection } from "../glossary/correction";
import { notFound } from "../lib/errors";
import type { PunctuationSource, TranscriptSegment } from "./restore-sentences";

export type TranscriptRecord = typeof transcripts.$inferSelect;

/** The document stored as transcript.json. */
export interface TranscriptDocument {
  id: string;
  jobId: string;
  language: string;
  engine: string;
  engineVersion: string;
  durationSeconds: number;
  text: string;
  /** Absent on transcripts stored before sentences were restored. */
  punctuation?: PunctuationSource;
  /** What the workspace glossary replaced; absent when the workspace had no glossary. */
  glossary?: GlossaryCorrection[];
  segments: TranscriptSegment[];
}

/** The transcript if it belongs to this workspace; 404 otherwise. */
export async function getTranscript(env: Env, workspaceId: string, transcriptId: string): Promise<TranscriptRecord> {
  return getInWorkspace(env, transcripts, workspaceId, transcriptId, "transcript");
}

/** The transcript a job produced, if any. */
export async function findTranscriptOfJob(
  env: Env,
  workspaceId: string,
  jobId: string,
): Promise<TranscriptRecord | undefined> {
  return getDb(env)
    .select()
    .from(transcripts)
    .where(and(eq(transcripts.jobId, jobId), eq(transcripts.workspaceId, workspaceId)))
    .get();
}

/** Reads the full document of a transcript from R2. */
export async function readTranscriptDocument(env: Env, record: TranscriptRecord): Promise<TranscriptDocument> {
  const object = await env.MEDIA.get(record.r2Key);
  if (!object) throw notFound("transcript");
  return object.json<TranscriptDocument>();
}
