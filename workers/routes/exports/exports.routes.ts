/** Workspace backups: exports under `/api/v1/workspaces/{id}/exports`, restores at `/api/v1/workspaces/imports`. */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../lib/context";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { AUTHENTICATED_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const tags = ["Backups"];
const WorkspaceParams = z.object({
  id: z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .openapi({ param: { name: "id", in: "path" } }),
});
const ExportParams = WorkspaceParams.extend({
  exportId: z
    .string()
    .regex(idPattern("exp"), "not an export id")
    .openapi({ param: { name: "exportId", in: "path" } }),
});
const exporting = [authenticate(), workspaceFromPath(), requirePermission("data:export")];

export const WorkspaceExport = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    status: z.enum(["running", "succeeded", "failed"]),
    trigger: z.enum(["manual", "scheduled"]),
    rowCount: z.number().int(),
    objectCount: z.number().int(),
    bytes: z.number().int(),
    manifestSha256: z
      .string()
      .nullable()
      .openapi({ description: "SHA-256 of manifest.json; an import by export id checks it." }),
    error: z.string().nullable(),
    createdAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
    manifest: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Once succeeded: every table file and R2 object with its size and SHA-256." }),
    links: z.object({ bundle: z.string() }),
  })
  .openapi("WorkspaceExport");

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/exports",
  tags,
  summary: "Export the workspace (D1 rows as NDJSON, R2 objects with SHA-256) to R2",
  description: "Answers 202 at once; poll the export until `succeeded`.",
  security: BEARER_OR_API_KEY,
  middleware: exporting,
  request: { params: WorkspaceParams },
  responses: { 202: jsonResponse(WorkspaceExport, "The export, running"), ...problems(401, 403, 404, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/exports",
  tags,
  summary: "The workspace's 50 newest exports, manual and scheduled",
  security: BEARER_OR_API_KEY,
  middleware: exporting,
  request: { params: WorkspaceParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(WorkspaceExport) }), "Exports"),
    ...problems(401, 403, 404, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/exports/{exportId}",
  tags,
  summary: "An export's status and, once finished, its manifest",
  security: BEARER_OR_API_KEY,
  middleware: exporting,
  request: { params: ExportParams },
  responses: { 200: jsonResponse(WorkspaceExport, "The export"), ...problems(401, 403, 404, 422) },
});

export const bundle = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/exports/{exportId}/bundle",
  tags,
  summary: "Download the export as one bundle (NDJSON: one { path, base64 } line per file, manifest first)",
  security: BEARER_OR_API_KEY,
  middleware: exporting,
  request: { params: ExportParams },
  responses: {
    200: { description: "The bundle", content: { "application/x-ndjson": { schema: { type: "string" } } } },
    ...problems(401, 403, 404, 409, 422),
  },
});

/** The JSON form of an import gets the usual JSON guard (415/413/400); a bundle is capped by its handler. */
function guardJsonImport(): MiddlewareHandler<AppEnv> {
  const guard = jsonBody(16 * 1024);
  return async function guardJsonImport(c, next) {
    if (/^application\/json/i.test(c.req.header("Content-Type") ?? "")) return guard(c, next);
    await next();
  };
}

export const ImportRequest = z.strictObject({
  exportId: z.string().regex(idPattern("exp"), "not an export id"),
  name: z.string().trim().min(1).max(100).optional(),
});

export const ImportResult = z
  .object({
    workspace: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.literal("team"),
      plan: z.string(),
      createdAt: z.string().datetime(),
    }),
    rows: z.number().int(),
    objects: z.number().int(),
  })
  .openapi("WorkspaceImport");

export const restore = createRoute({
  method: "post",
  path: "/api/v1/workspaces/imports",
  ...AUTHENTICATED_ROUTE,
  tags,
  summary: "Restore an export into a new workspace owned by the caller",
  description:
    "Send JSON `{ exportId, name? }` (the caller needs `data:export` on the exported workspace), or upload a bundle as `application/x-ndjson` (`?name=` names the new workspace). Every file is checked against its SHA-256 first: a mismatch answers 422 `checksum_mismatch` and nothing is written.",
  security: BEARER_ONLY,
  middleware: [authenticate(), guardJsonImport()],
  request: {
    query: z.object({ name: z.string().trim().min(1).max(100).optional() }),
    // Not `required`: the JSON validator then runs only for JSON bodies, and a bundle passes through.
    body: {
      required: false,
      content: {
        "application/json": { schema: ImportRequest },
        "application/x-ndjson": {
          schema: z.string().openapi({ description: "A bundle from …/exports/{exportId}/bundle." }),
        },
      },
    },
  },
  responses: {
    201: jsonResponse(ImportResult, "The restored workspace"),
    ...problems(400, 401, 404, 409, 413, 415, 422),
  },
});
