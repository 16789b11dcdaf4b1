import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { AUTHENTICATED_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import { WorkspaceSettings } from "../../workspaces/settings";

export const Workspace = z
  .object({
    id: z.string().openapi({ example: "ws_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
    name: z.string(),
    kind: z.enum(["personal", "team"]),
    plan: z.string(),
    role: z.string().openapi({ description: "The caller's role in this workspace." }),
    permissions: z
      .array(z.string())
      .optional()
      .openapi({ description: "GET /workspaces/{id} only: what the caller may do here, so clients offer only that." }),
    settings: WorkspaceSettings,
    deletionScheduledAt: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "When deletion was requested; null unless scheduled." }),
    deletesAt: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "When the workspace and its data are purged; restorable until then." }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Workspace");

export const WorkspaceParams = z.object({
  id: z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .openapi({ param: { name: "id", in: "path" }, example: "ws_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
});

const CreateWorkspaceBody = z
  .strictObject({ name: z.string().trim().min(1).max(100) })
  .openapi("CreateWorkspaceRequest");

const tags = ["Workspaces"];

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces",
  ...AUTHENTICATED_ROUTE,
  tags,
  summary: "Create a team workspace; the caller becomes its owner",
  security: BEARER_ONLY,
  middleware: [authenticate(), jsonBody()],
  request: jsonRequest(CreateWorkspaceBody),
  responses: { 201: jsonResponse(Workspace, "Created"), ...problems(400, 401, 413, 415, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces",
  ...AUTHENTICATED_ROUTE,
  tags,
  summary: "The workspaces the caller belongs to",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate()],
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(Workspace), nextCursor: z.string().nullable() }),
      "A page of workspaces",
    ),
    ...problems(400, 401, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}",
  tags,
  summary: "One workspace",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:read")],
  request: { params: WorkspaceParams },
  responses: { 200: jsonResponse(Workspace, "The workspace"), ...problems(401, 403, 404, 422) },
});

export const webhookSecret = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/webhook-secret",
  tags,
  summary: "The secret that signs this workspace's job webhooks (Standard Webhooks, whsec_…)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:update")],
  request: { params: WorkspaceParams },
  responses: {
    200: jsonResponse(z.object({ secret: z.string() }).openapi("WebhookSecret"), "The secret"),
    ...problems(401, 403, 404, 422),
  },
});
