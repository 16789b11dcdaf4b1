/** The D1 writes that record a stored diagram: its row, its three artifacts and one usage event. */

import { insertOrIgnore } from "../db/guard";
import type { DiagramData, DiagramQuality, TypeDetection } from "../engine";
import { artifactStatement } from "../jobs/artifacts";
import type { JobRecord } from "../jobs/jobs";
import { whileRunning } from "../jobs/stages";
import { isoNow } from "../lib/time";
import { jobUsage, usageStatement } from "../usage/ledger";
import { DIAGRAM_FILES, type RenderOptions, type StoredFile } from "./store";

export interface DiagramRowsInput {
  job: JobRecord;
  diagramId: string;
  data: DiagramData;
  detection: TypeDetection;
  options: RenderOptions & Record<string, unknown>;
  stored: StoredFile[];
  quality: DiagramQuality;
  transcriptId: string | null;
  /** Guard the writes on the job still running (queued jobs); synchronous ones are written whole. */
  guarded?: boolean;
}

const DIAGRAM_COLUMNS = [
  "id",
  "workspace_id",
  "job_id",
  "transcript_id",
  "project_id",
  "type",
  "title",
  "language",
  "detection",
  "options",
  "quality",
  "revision",
  "created_by",
  "created_at",
  "updated_at",
];

/** Prepared statements (INSERT OR IGNORE, so a redelivery adds nothing) for a new diagram. */
export function diagramRows(env: Env, input: DiagramRowsInput): D1PreparedStatement[] {
  const { job, diagramId, data, detection, options, stored } = input;
  const now = isoNow();
  const guard = input.guarded ? whileRunning(job) : undefined;
  return [
    insertOrIgnore(
      env,
      "diagrams",
      DIAGRAM_COLUMNS,
      [
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
        JSON.stringify(input.quality),
        1,
        job.createdBy,
        now,
        now,
      ],
      guard,
    ),
    ...stored.map((file) =>
      artifactStatement(
        env,
        {
          workspaceId: job.workspaceId,
          jobId: job.id,
          name: DIAGRAM_FILES[file.format].name,
          r2Key: file.key,
          contentType: DIAGRAM_FILES[file.format].contentType,
          size: file.size,
          sha256: file.sha256,
          createdAt: now,
        },
        guard,
      ),
    ),
    usageStatement(env, jobUsage(job, "diagrams", "diagrams", 1, now), guard),
  ];
}
