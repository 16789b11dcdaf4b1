import { createRoute, z } from "@hono/zod-openapi";
import { BatchRequest } from "../../batches/batches";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

const tags = ["Batch"];

export const Batch = z
  .object({
    id: z.string(),
    createdAt: z.string().datetime(),
    items: z.array(
      z.object({
        index: z.number().int(),
        kind: z.string(),
        jobId: z.string().optional(),
        status: z.string().openapi({ description: "The job's status, or refused" }),
        progress: z.number(),
        error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }).optional(),
      }),
    ),
    aggregate: z.object({
      total: z.number().int(),
      refused: z.number().int(),
      queued: z.number().int(),
      running: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      canceled: z.number().int(),
      done: z.boolean(),
    }),
  })
  .openapi("Batch");

export const create = createRoute({
  method: "post",
  path: "/api/v1/batch",
  tags,
  summary: "Submit up to 100 requests (transcription and pipeline by URL, diagram, video) at once",
  description: "Each item is created on its own: a refused item is reported in the batch and the others run.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:create"), idempotency(), jsonBody()],
  request: { headers: WorkspaceHeader, ...jsonRequest(BatchRequest) },
  responses: { 201: jsonResponse(Batch, "The batch"), ...problems(400, 401, 403, 413, 415, 422) },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/batch/{id}",
  tags,
  summary: "Every item of a batch with its job's state, and an aggregate",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: {
    headers: WorkspaceHeader,
    params: z.object({
      id: z
        .string()
        .regex(idPattern("bat"), "not a batch id")
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 200: jsonResponse(Batch, "The batch"), ...problems(401, 403, 404, 422) },
});
