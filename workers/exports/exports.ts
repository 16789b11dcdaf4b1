/**
 * Exporting a workspace: its D1 rows as NDJSON per table and every R2 object it owns, with a
 * manifest of sizes and SHA-256, written under `ws/{id}/exports/{exportId}/`. The rows are read
 * in one D1 batch, which runs as one transaction, so the tables agree with one another. Objects
 * are written once and never rewritten under the same key, so every object a row names is there.
 */

import { desc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { workspaceExports } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox } from "../events/outbox";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { getWorkspace } from "../workspaces/workspaces";
import { copyHashed, sha256Of } from "./hashing";
import { EXPORT_FORMAT, type ExportManifest } from "./manifest";
import { exportPrefix, presentTables } from "./tables";

export type WorkspaceExportRecord = typeof workspaceExports.$inferSelect;

const encoder = new TextEncoder();

/** Records a new export as running (with the requester's audit entry, when given); `runExport` does the work. */
export async function createExportRecord(
  env: Env,
  workspaceId: string,
  trigger: "manual" | "scheduled",
  createdBy: string,
  audit?: AuditOf<WorkspaceExportRecord>,
): Promise<WorkspaceExportRecord> {
  const record: WorkspaceExportRecord = {
    id: newId("exp"),
    workspaceId,
    status: "running",
    trigger,
    rowCount: 0,
    objectCount: 0,
    bytes: 0,
    manifestSha256: null,
    error: null,
    createdBy,
    createdAt: isoNow(),
    finishedAt: null,
  };
  const db = getDb(env);
  if (!audit) {
    await db.insert(workspaceExports).values(record);
    return record;
  }
  await db.batch([
    db.insert(workspaceExports).values(record),
    insertAuditRow(db, auditOutboxRow(workspaceId, audit(record))),
  ]);
  await kickOutbox(env, workspaceId);
  return record;
}

/** The export if it belongs to this workspace; 404 otherwise. */
export async function getExport(env: Env, workspaceId: string, exportId: string): Promise<WorkspaceExportRecord> {
  return getInWorkspace(env, workspaceExports, workspaceId, exportId, "export");
}

/** An export by id alone; callers check the caller's rights on its workspace. */
export async function findExport(env: Env, exportId: string): Promise<WorkspaceExportRecord | undefined> {
  return getDb(env).select().from(workspaceExports).where(eq(workspaceExports.id, exportId)).get();
}

/** The workspace's newest exports. */
export async function listExports(env: Env, workspaceId: string, limit: number): Promise<WorkspaceExportRecord[]> {
  return getDb(env)
    .select()
    .from(workspaceExports)
    .where(eq(workspaceExports.workspaceId, workspaceId))
    .orderBy(desc(workspaceExports.id))
    .limit(limit)
    .all();
}

/** Reads every exported table of the workspace in one transaction and writes one NDJSON file each. */
async function exportTables(env: Env, workspaceId: string, prefix: string): Promise<ExportManifest["tables"]> {
  const tables = await presentTables(env);
  // Table names come from our own allow-list, never from the request.
  const results = await env.DB.batch(
    tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} WHERE workspace_id = ? ORDER BY rowid`).bind(workspaceId)),
  );
  return Promise.all(
    tables.map(async (name, i) => {
      const rows = (results[i]?.results ?? []) as Record<string, unknown>[];
      const bytes = encoder.encode(rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
      const file = `tables/${name}.ndjson`;
      await env.MEDIA.put(prefix + file, bytes, { httpMetadata: { contentType: "application/x-ndjson" } });
      return { name, file, rows: rows.length, bytes: bytes.byteLength, sha256: await sha256Of(bytes) };
    }),
  );
}

/** Copies every object under `ws/{id}/` (except earlier exports) into the export, hashing each. */
async function exportObjects(env: Env, workspaceId: string, prefix: string): Promise<ExportManifest["objects"]> {
  const root = `ws/${workspaceId}/`;
  const objects: ExportManifest["objects"] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA.list({ prefix: root, cursor, include: ["httpMetadata"] });
    for (const listed of page.objects) {
      const key = listed.key.slice(root.length);
      if (key.startsWith("exports/")) continue;
      const object = await env.MEDIA.get(listed.key);
      if (!object) continue; // deleted since the listing: not part of the workspace any more
      const contentType = object.httpMetadata?.contentType;
      const sha256 = await copyHashed(env.MEDIA, object.body, object.size, `${prefix}objects/${key}`, contentType);
      objects.push({ key, size: object.size, sha256, ...(contentType ? { contentType } : {}) });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** Runs an export to the end, marking it succeeded (with its counts) or failed. */
export async function runExport(env: Env, record: WorkspaceExportRecord): Promise<WorkspaceExportRecord> {
  const prefix = exportPrefix(record.workspaceId, record.id);
  let finished: Partial<WorkspaceExportRecord>;
  try {
    const workspace = await getWorkspace(env, record.workspaceId);
    if (!workspace) throw new Error("the workspace no longer exists");
    const tables = await exportTables(env, record.workspaceId, prefix);
    const objects = await exportObjects(env, record.workspaceId, prefix);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      version: 1,
      exportId: record.id,
      createdAt: record.createdAt,
      workspace: { id: workspace.id, name: workspace.name, kind: workspace.kind, plan: workspace.plan },
      tables,
      objects,
    };
    const manifestBytes = encoder.encode(JSON.stringify(manifest));
    await env.MEDIA.put(`${prefix}manifest.json`, manifestBytes, { httpMetadata: { contentType: "application/json" } });
    finished = {
      status: "succeeded",
      rowCount: tables.reduce((n, t) => n + t.rows, 0),
      objectCount: objects.length,
      bytes: objects.reduce((n, o) => n + o.size, 0) + tables.reduce((n, t) => n + t.bytes, 0),
      manifestSha256: await sha256Of(manifestBytes),
    };
  } catch (error) {
    console.error(JSON.stringify({ event: "export_failed", exportId: record.id, error: String(error) }));
    finished = { status: "failed", error: String(error).slice(0, 500) };
  }
  const update = { ...finished, finishedAt: isoNow() };
  await getDb(env).update(workspaceExports).set(update).where(eq(workspaceExports.id, record.id));
  return { ...record, ...update };
}
