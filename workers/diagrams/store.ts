/**
 * Diagram persistence: the DiagramData, its SVG and its Mermaid source as R2 objects under
 * `ws/{workspaceId}/diagrams/{id}/`, and a summary row in D1. Rendering is done by the pure
 * engine in workers/engine/; this module only lays out, renders and stores.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { diagrams } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type DiagramData, type DiagramQuality, diagramQuality, layoutDiagram, renderSvg, toMermaid } from "../engine";
import { notFound } from "../lib/errors";

export type DiagramRecord = typeof diagrams.$inferSelect;

export interface RenderOptions {
  theme: "light" | "dark";
  direction?: "TB" | "LR";
}

export const DIAGRAM_FILES = {
  json: { name: "diagram.json", contentType: "application/json" },
  svg: { name: "diagram.svg", contentType: "image/svg+xml" },
  mmd: { name: "diagram.mmd", contentType: "text/plain; charset=utf-8" },
} as const;
export type DiagramFormat = keyof typeof DIAGRAM_FILES;

export function diagramKey(workspaceId: string, diagramId: string, format: DiagramFormat): string {
  return `ws/${workspaceId}/diagrams/${diagramId}/${DIAGRAM_FILES[format].name}`;
}

export interface StoredFile {
  format: DiagramFormat;
  key: string;
  size: number;
  sha256: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Lays out and renders `data`, then writes the three files; returns what was stored and the layout's quality report. */
export async function renderAndStore(
  env: Env,
  workspaceId: string,
  diagramId: string,
  data: DiagramData,
  options: RenderOptions,
): Promise<{ stored: StoredFile[]; quality: DiagramQuality }> {
  const laidOut = layoutDiagram(data, { direction: options.direction, theme: options.theme });
  const contents: Record<DiagramFormat, string> = {
    json: JSON.stringify(data),
    svg: renderSvg(laidOut, { theme: options.theme }),
    mmd: toMermaid(data),
  };
  const stored = await Promise.all(
    (Object.keys(contents) as DiagramFormat[]).map(async (format) => {
      const bytes = new TextEncoder().encode(contents[format]);
      const key = diagramKey(workspaceId, diagramId, format);
      await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: DIAGRAM_FILES[format].contentType } });
      return { format, key, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
    }),
  );
  return { stored, quality: diagramQuality(laidOut) };
}

/** The diagram if it belongs to this workspace; 404 otherwise. */
export async function getDiagram(env: Env, workspaceId: string, diagramId: string): Promise<DiagramRecord> {
  return getInWorkspace(env, diagrams, workspaceId, diagramId, "diagram");
}

/** The diagram a job drew, if any (diagrams.job_id is unique). */
export async function findDiagramOfJob(
  env: Env,
  workspaceId: string,
  jobId: string,
): Promise<DiagramRecord | undefined> {
  return getDb(env)
    .select()
    .from(diagrams)
    .where(and(eq(diagrams.jobId, jobId), eq(diagrams.workspaceId, workspaceId)))
    .get();
}

/** One stored file of a diagram. */
export async function readDiagramFile(env: Env, record: DiagramRecord, format: DiagramFormat): Promise<R2ObjectBody> {
  const object = await env.MEDIA.get(diagramKey(record.workspaceId, record.id, format));
  if (!object) throw notFound("diagram");
  return object;
}
