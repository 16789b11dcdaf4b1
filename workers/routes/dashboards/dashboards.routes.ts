import { createRoute, z } from "@hono/zod-openapi";
import { CreateDashboardBody, Panel, UpdateDashboardBody } from "../../dashboards/dashboards";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

export const Dashboard = z
  .object({
    id: z.string().openapi({ example: "dsh_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
    workspaceId: z.string(),
    name: z.string(),
    panels: z.array(Panel),
    createdBy: z.string(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Dashboard");

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });
const DashboardParams = z.object({
  id: WorkspaceId,
  dashboardId: z
    .string()
    .regex(idPattern("dsh"), "not a dashboard id")
    .openapi({ param: { name: "dashboardId", in: "path" } }),
});

const tags = ["Dashboards"];
const canRead = [authenticate(), workspaceFromPath(), requirePermission("dashboards:read")];
const canManage = [authenticate(), workspaceFromPath(), requirePermission("dashboards:manage")];

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/dashboards",
  tags,
  summary: "Save a custom operations dashboard for the workspace",
  security: BEARER_ONLY,
  middleware: [...canManage, jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(CreateDashboardBody) },
  responses: { 201: jsonResponse(Dashboard, "Created"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/dashboards",
  tags,
  summary: "The workspace's custom dashboards, newest first",
  security: BEARER_OR_API_KEY,
  middleware: canRead,
  request: { params: z.object({ id: WorkspaceId }), query: PageQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(Dashboard), nextCursor: z.string().nullable() }),
      "A page of dashboards",
    ),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/dashboards/{dashboardId}",
  tags,
  summary: "One dashboard",
  security: BEARER_OR_API_KEY,
  middleware: canRead,
  request: { params: DashboardParams },
  responses: { 200: jsonResponse(Dashboard, "The dashboard"), ...problems(401, 403, 404, 422) },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}/dashboards/{dashboardId}",
  tags,
  summary: "Rename a dashboard or replace its panels",
  security: BEARER_ONLY,
  middleware: [...canManage, jsonBody()],
  request: { params: DashboardParams, ...jsonRequest(UpdateDashboardBody) },
  responses: { 200: jsonResponse(Dashboard, "The updated dashboard"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/dashboards/{dashboardId}",
  tags,
  summary: "Delete a dashboard",
  security: BEARER_ONLY,
  middleware: canManage,
  request: { params: DashboardParams },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
