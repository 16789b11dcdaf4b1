/** The D1 writes that record a stored diagram: its row, its three artifacts and one usage event. */
import type { DiagramData, TypeDetection } from "../engine";
import type { JobRecord } from "../jobs/jobs";
import { WHILE_RUNNING } from "../jobs/stages";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { DIAGRAM_FILES, type RenderOptions, type StoredFile } from "./store";

export interface DiagramRowsInput {
  job: JobRecord;
  diagramId: string;
  data: DiagramData;
  detection: TypeDetection;
  options: RenderOptions & Record<string, unknown>;
  stored: StoredFile[];
  transcriptId: string | null;
  /** Guard the writes on the job still running (queued jobs); synchronous ones are written whole. */
  guarded?: boolean;
}

/** Prepared statements (INSERT OR IGNORE, so a redelivery adds nothing) for a new diagram. */
export function diagramRows(env: Env, input: DiagramRowsInput): D1PreparedStatement[] {
  const { job, diagramId, data, detection, options, stored } = input;
  const now = isoNow();
  const guard = input.guarded ? ` ${WHILE_RUNNING}` : "";
  const guardArgs = input.guarded ? [job.id, job.workspaceId] : [];
  const select = (n: number) =>
    input.guarded ? `SELECT ${Array(n).fill("?").join(", ")}${guard}` : `VALUES (${Array(n).fill("?").join(", ")})`;
  return [
    env.DB.prepare(
      `INSERT OR IGNORE INTO diagrams (id, workspace_id, job_id, transcript_id, project_id, type, title, language, detection, options, revision, created_by, created_at, updated_at) ${select(14)}`,
    ).bind(
      diagramId,
      job.workspaceId,
      job.id,
      input.transcriptId,
      job.projectId,
      data.type,
      data.title,
      data.language,
      JSON.stringify(detection),
      JSON.stringify(options),
      1,
      job.createdBy,
      now,
      now,
      ...guardArgs,
    ),
    ...stored.map((file) =>
      env.DB.prepare(
        `INSERT OR IGNORE INTO artifacts (id, workspace_id, job_id, name, r2_key, content_type, size, sha256, created_at) ${select(9)}`,
      ).bind(
        newId("art"),
        job.workspaceId,
        job.id,
        DIAGRAM_FILES[file.format].name,
        file.key,
        DIAGRAM_FILES[file.format].contentType,
        file.size,
        file.sha256,
        now,
        ...guardArgs,
      ),
    ),
    env.DB.prepare(
      `INSERT OR IGNORE INTO usage_events (id, workspace_id, job_id, meter, quantity, occurred_at) ${select(6)}`,
    ).bind(`use_${job.id}_diagrams`, job.workspaceId, job.id, "diagrams", 1, now, ...guardArgs),
  ];
}
