/** The public shape of a diagram. */
import type { DiagramData } from "../engine";
import type { DiagramRecord } from "./store";

/** The diagram as the API shows it; `data` is included when the caller asked for the resource itself. */
export function toDiagramResource(record: DiagramRecord, data?: DiagramData) {
  const base = `/api/v1/diagrams/${record.id}`;
  return {
    id: record.id,
    jobId: record.jobId,
    transcriptId: record.transcriptId,
    projectId: record.projectId,
    type: record.type,
    title: record.title,
    language: record.language,
    revision: record.revision,
    detection: record.detection,
    options: record.options,
    quality: record.quality,
    links: { svg: `${base}.svg`, mermaid: `${base}.mmd`, json: `${base}.json` },
    ...(data ? { data: data as unknown as Record<string, unknown> } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The ETag of a diagram revision. */
export const diagramEtag = (record: Pick<DiagramRecord, "id" | "revision">) => `"${record.id}-r${record.revision}"`;
