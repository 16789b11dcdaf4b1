/**
 * What a rendering stage draws from: the diagram (a pipeline's own, a stored one, or an inline
 * one) and, optionally, the transcript whose recording becomes the soundtrack and captions.
 */

import { getDiagram, readDiagramFile } from "../diagrams/store";
import type { DiagramData } from "../engine";
import type { JobRecord } from "../jobs/jobs";
import { resultId } from "../jobs/result-ids";
import { AppError } from "../lib/errors";
import { jobInputKey, jobPrefix } from "../storage/keys";
import { getTranscript, readTranscriptDocument, type TranscriptDocument } from "../transcripts/transcripts";

export interface RenderSources {
  data: DiagramData;
  transcript?: TranscriptDocument;
  /** R2 key of the recording to use as the soundtrack. */
  audioKey?: string;
}

export const inlineDiagramKey = (job: Pick<JobRecord, "workspaceId" | "id">) =>
  `${jobPrefix(job.workspaceId, job.id)}diagram-input.json`;

/** Loads the diagram and the soundtrack a job renders. */
export async function loadRenderSources(env: Env, job: JobRecord): Promise<RenderSources> {
  const own = job.kind === "pipeline";
  const diagramId = own
    ? resultId("dgm", job.id)
    : typeof job.options.diagramId === "string"
      ? job.options.diagramId
      : undefined;
  let data: DiagramData;
  if (diagramId) {
    data = await (
      await readDiagramFile(env, await getDiagram(env, job.workspaceId, diagramId), "json")
    ).json<DiagramData>();
  } else {
    const inline = await env.MEDIA.get(inlineDiagramKey(job));
    if (!inline) throw new AppError(422, "input_missing", "Input missing", "The job's diagram is no longer stored.");
    data = await inline.json<DiagramData>();
  }
  const transcriptId = own
    ? resultId("trn", job.id)
    : typeof job.options.audio === "string" && job.options.audio !== "none"
      ? job.options.audio
      : undefined;
  if (!transcriptId) return { data };
  const record = await getTranscript(env, job.workspaceId, transcriptId);
  return {
    data,
    transcript: await readTranscriptDocument(env, record),
    audioKey: jobInputKey(job.workspaceId, record.jobId),
  };
}
