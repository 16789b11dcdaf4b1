/**
 * Editing a diagram: an edited DiagramData replaces the stored one after its references are
 * checked, and is laid out and rendered again. The revision guards against lost updates.
 */

import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { artifacts, diagrams } from "../db/schema";
import type { DiagramData } from "../engine";
import { type AuditBody, auditOutboxRow, insertAuditRow } from "../events/outbox";
import { AppError, validationFailed } from "../lib/errors";
import { isoNow } from "../lib/time";
import { DIAGRAM_FILES, type DiagramRecord, type RenderOptions, renderAndStore } from "./store";

/** Edges, groups and scenes may only name nodes (and scenes) that exist. */
function checkReferences(data: DiagramData): void {
  const nodes = new Set(data.nodes.map((n) => n.id));
  const scenes = new Set(data.scenes.map((s) => s.id));
  const errors: { path: string; message: string }[] = [];
  if (nodes.size !== data.nodes.length) errors.push({ path: "nodes", message: "node ids must be unique" });
  data.edges.forEach((e, i) => {
    if (!nodes.has(e.from) || !nodes.has(e.to))
      errors.push({ path: `edges.${i}`, message: `edge ${e.id} connects a node that does not exist` });
  });
  data.groups.forEach((g, i) =>
    g.nodeIds.forEach(
      (id) => !nodes.has(id) && errors.push({ path: `groups.${i}`, message: `group ${g.id} names unknown node ${id}` }),
    ),
  );
  data.nodes.forEach((n, i) =>
    n.sceneIds.forEach(
      (id) => !scenes.has(id) && errors.push({ path: `nodes.${i}.sceneIds`, message: `unknown scene ${id}` }),
    ),
  );
  if (errors.length > 0) throw validationFailed(errors);
}

/** Stores `data` as the diagram's next revision (with its audit entry, when given, in the same batch) and returns the updated record. */
export async function editDiagram(
  env: Env,
  record: DiagramRecord,
  data: DiagramData,
  audit?: AuditBody,
): Promise<DiagramRecord> {
  checkReferences(data);
  let stored: Awaited<ReturnType<typeof renderAndStore>>;
  try {
    stored = await renderAndStore(env, record.workspaceId, record.id, data, record.options as unknown as RenderOptions);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      422,
      "diagram_unrenderable",
      "Validation failed",
      `The diagram cannot be laid out: ${String(error).slice(0, 200)}`,
    );
  }
  const db = getDb(env);
  const now = isoNow();
  const [updated] = await db.batch([
    db
      .update(diagrams)
      .set({
        type: data.type,
        title: data.title,
        language: data.language,
        quality: stored.quality,
        revision: record.revision + 1,
        updatedAt: now,
      })
      .where(and(eq(diagrams.id, record.id), eq(diagrams.workspaceId, record.workspaceId)))
      .returning(),
    ...stored.stored.map((file) =>
      db
        .update(artifacts)
        .set({ size: file.size, sha256: file.sha256 })
        .where(
          and(
            eq(artifacts.workspaceId, record.workspaceId),
            eq(artifacts.jobId, record.jobId),
            eq(artifacts.name, DIAGRAM_FILES[file.format].name),
          ),
        ),
    ),
    ...(audit ? [insertAuditRow(db, auditOutboxRow(record.workspaceId, audit))] : []),
  ]);
  return updated[0]!;
}
