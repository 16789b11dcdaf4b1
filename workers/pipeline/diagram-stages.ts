/**
 * The analysis and visualization stages, run in the Worker by the queue consumer (the engine is
 * pure TypeScript). Analysis drafts the DiagramData and hands it to visualization, which the
 * consumer runs straight after in the same delivery; visualization lays it out, renders SVG and
 * Mermaid, and records the diagram with the end of the stage.
 */
import { draftDiagram, GenerateDiagramOptions, glossaryTerms, loadDiagramSource } from "../diagrams/generate";
import { diagramRows } from "../diagrams/rows";
import { renderAndStore } from "../diagrams/store";
import type { DiagramData, TypeDetection } from "../engine";
import { publishEvent } from "../events/publish";
import type { JobRecord } from "../jobs/jobs";
import { resultId, sourceTranscriptId } from "../jobs/result-ids";
import { completeStage } from "../jobs/stages";

/** What analysis hands to visualization. */
export interface DraftedDiagram {
  data: DiagramData;
  detection: TypeDetection;
}

function progress(
  env: Env,
  job: JobRecord,
  stage: "analysis" | "visualization",
  percent: number,
  currentOperation: string,
) {
  return publishEvent(env, job.workspaceId, {
    type: "job:progress",
    jobId: job.id,
    projectId: job.projectId,
    stage,
    progress: percent,
    estimatedTimeRemaining: null,
    currentOperation,
  });
}

/** The diagram options a job was created with (pipelines carry them among their own options). */
function diagramOptions(job: JobRecord): GenerateDiagramOptions {
  const { type, theme, language, maxNodes, direction } = job.options;
  return GenerateDiagramOptions.parse({ type: type ?? "auto", theme: theme ?? "light", language, maxNodes, direction });
}

async function draftFromSource(env: Env, job: JobRecord): Promise<DraftedDiagram> {
  const source = await loadDiagramSource(env, job);
  return draftDiagram(source.text, diagramOptions(job), source.segments, await glossaryTerms(env, job.workspaceId));
}

/** Analysis: what was said → the drafted diagram and how its type was chosen. */
export async function runAnalysis(env: Env, job: JobRecord): Promise<DraftedDiagram> {
  await progress(env, job, "analysis", 0, "analysing the transcript");
  const draft = await draftFromSource(env, job);
  await progress(env, job, "analysis", 100, `drew a ${draft.data.type} diagram`);
  await completeStage(env, job, "analysis", []);
  return draft;
}

/**
 * Visualization: layout, SVG and Mermaid, stored and recorded with the end of the stage. Without
 * analysis's draft (a delivery that resumes the job after a crash) it drafts again from the same
 * source, which the deterministic engine turns into the same diagram.
 */
export async function runVisualization(env: Env, job: JobRecord, drafted?: DraftedDiagram): Promise<void> {
  await progress(env, job, "visualization", 0, "laying out the diagram");
  const { data, detection } = drafted ?? (await draftFromSource(env, job));
  const options = diagramOptions(job);
  const diagramId = resultId("dgm", job.id);
  const { stored, quality } = await renderAndStore(env, job.workspaceId, diagramId, data, options);
  const transcriptId = sourceTranscriptId(job) ?? null;
  await completeStage(
    env,
    job,
    "visualization",
    diagramRows(env, { job, diagramId, data, detection, options, stored, quality, transcriptId, guarded: true }),
  );
  await progress(env, job, "visualization", 100, "diagram ready");
}
