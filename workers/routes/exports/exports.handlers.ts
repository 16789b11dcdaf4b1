import { audit, requestAuditBody } from "../../audit/record";
import { parseBundle, r2Source, streamBundle } from "../../exports/bundle";
import {
  createExportRecord,
  findExport,
  getExport,
  listExports,
  runExport,
  type WorkspaceExportRecord,
} from "../../exports/exports";
import { type ImportResult, importWorkspace } from "../../exports/import";
import { exportPrefix } from "../../exports/tables";
import { conflict, notFound, payloadTooLarge, unsupportedMediaType } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import { loadMembership } from "../../workspaces/workspaces";
import type * as routes from "./exports.routes";

/** An uploaded bundle is held in memory while it is verified, so it is capped below the Worker's memory. */
const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

function toResource(record: WorkspaceExportRecord, manifest?: Record<string, unknown>) {
  const { createdBy: _createdBy, ...rest } = record;
  return {
    ...rest,
    ...(manifest ? { manifest } : {}),
    links: { bundle: `/api/v1/workspaces/${record.workspaceId}/exports/${record.id}/bundle` },
  };
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { workspaceId } = c.get("membership");
  const record = await createExportRecord(c.env, workspaceId, "manual", c.get("principal").userId, (record) =>
    requestAuditBody(c, workspaceId, { action: "workspace.export", target: { type: "export", id: record.id } }),
  );
  c.executionCtx.waitUntil(runExport(c.env, record));
  return c.json(toResource(record), 202, { Location: `/api/v1/workspaces/${workspaceId}/exports/${record.id}` });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const rows = await listExports(c.env, c.get("membership").workspaceId, 50);
  return c.json({ items: rows.map((r) => toResource(r)) }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const record = await getExport(c.env, c.get("membership").workspaceId, c.req.valid("param").exportId);
  if (record.status !== "succeeded") return c.json(toResource(record), 200);
  const manifest = await c.env.MEDIA.get(`${exportPrefix(record.workspaceId, record.id)}manifest.json`);
  return c.json(toResource(record, manifest ? await manifest.json<Record<string, unknown>>() : undefined), 200);
};

export const bundle: AppRouteHandler<typeof routes.bundle> = async (c) => {
  const record = await getExport(c.env, c.get("membership").workspaceId, c.req.valid("param").exportId);
  if (record.status !== "succeeded") throw conflict("export_not_ready", `The export is ${record.status}.`);
  const prefix = exportPrefix(record.workspaceId, record.id);
  const manifest = await c.env.MEDIA.get(`${prefix}manifest.json`);
  if (!manifest) throw notFound("export");
  const { tables, objects } = await manifest.json<{ tables: { file: string }[]; objects: { key: string }[] }>();
  const paths = ["manifest.json", ...tables.map((t) => t.file), ...objects.map((o) => `objects/${o.key}`)];
  // A bundle holds every row and file of the workspace: who took one is recorded before it streams
  // (a read, so audit() on its own rather than in a write's batch).
  await audit(c, record.workspaceId, { action: "export.download", target: { type: "export", id: record.id } });
  return c.body(streamBundle(c.env.MEDIA, prefix, paths), 200, {
    "Content-Type": "application/x-ndjson",
    "Content-Disposition": `attachment; filename="${record.id}.ndjson"`,
  }) as never; // a streamed body has no typed-response form in Hono; the route declares it as NDJSON
};

async function readBundleText(request: Request): Promise<string> {
  if (Number(request.headers.get("Content-Length")) > MAX_BUNDLE_BYTES) throw payloadTooLarge(MAX_BUNDLE_BYTES);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BUNDLE_BYTES) {
      await reader.cancel();
      throw payloadTooLarge(MAX_BUNDLE_BYTES);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
}

export const restore: AppRouteHandler<typeof routes.restore> = async (c) => {
  const principal = c.get("principal");
  // A new workspace needs a person to own it; an API key acts only inside its own workspace.
  if (principal.kind !== "user") throw notFound("export");
  const contentType = c.req.header("Content-Type") ?? "";
  const recordImport = (result: ImportResult) =>
    requestAuditBody(c, result.workspace.id, {
      action: "workspace.import",
      target: { type: "workspace", id: result.workspace.id },
      after: { rows: result.rows, objects: result.objects },
    });
  let result: ImportResult;
  if (/^application\/json/i.test(contentType)) {
    // The JSON validator ran for this content type, so the body is the ImportRequest object.
    const body = c.req.valid("json");
    if (typeof body === "string") throw unsupportedMediaType("application/json or application/x-ndjson");
    const { exportId, name } = body;
    const record = await findExport(c.env, exportId);
    const membership = record && (await loadMembership(c.env, record.workspaceId, principal.userId));
    // Another workspace's export answers 404, exactly like a missing one.
    if (!record || !membership?.permissions.has("data:export")) throw notFound("export");
    if (record.status !== "succeeded") throw conflict("export_not_ready", `The export is ${record.status}.`);
    const source = r2Source(c.env.MEDIA, exportPrefix(record.workspaceId, record.id));
    result = await importWorkspace(
      c.env,
      source,
      { expectedManifestSha256: record.manifestSha256, userId: principal.userId, name },
      recordImport,
    );
  } else if (/^application\/x-ndjson/i.test(contentType)) {
    const source = parseBundle(await readBundleText(c.req.raw));
    result = await importWorkspace(
      c.env,
      source,
      { expectedManifestSha256: null, userId: principal.userId, name: c.req.valid("query").name },
      recordImport,
    );
  } else {
    throw unsupportedMediaType("application/json or application/x-ndjson");
  }
  return c.json(result, 201, { Location: `/api/v1/workspaces/${result.workspace.id}` });
};
