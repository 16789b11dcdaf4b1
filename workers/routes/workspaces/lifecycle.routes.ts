/** Changing a workspace after it exists: rename and settings, scheduled deletion, restore. */
import { createRoute, z } from "@hono/zod-openapi";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import { WorkspaceSettingsPatch } from "../../workspaces/settings";
import { Workspace, WorkspaceParams } from "./workspaces.routes";

const tags = ["Workspaces"];

const UpdateWorkspaceBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), settings: WorkspaceSettingsPatch.optional() })
  .refine((body) => body.name !== undefined || body.settings !== undefined, "send name, settings or both")
  .openapi("UpdateWorkspaceRequest");

const DeleteWorkspaceBody = z
  .strictObject({ confirm: z.string().max(100).openapi({ description: "The workspace's exact name, to confirm." }) })
  .openapi("DeleteWorkspaceRequest");

export const DeletionScheduled = z
  .object({
    workspace: Workspace,
    exportFirst: z
      .object({ method: z.literal("POST"), href: z.string(), description: z.string() })
      .openapi({ description: "Where to export the workspace's data before it is purged." }),
  })
  .openapi("WorkspaceDeletionScheduled");

export const update = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}",
  tags,
  summary: "Rename a workspace or change its settings (a merge patch: null clears a setting)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:update"), jsonBody()],
  request: { params: WorkspaceParams, ...jsonRequest(UpdateWorkspaceBody) },
  responses: { 200: jsonResponse(Workspace, "The updated workspace"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}",
  tags,
  summary: "Schedule a team workspace's deletion after a 7-day grace period (export its data first)",
  description:
    "Send the workspace's exact name in `confirm`. The workspace stays usable and restorable (POST …/restore) until `deletesAt`; then its data and files are purged. A personal workspace cannot be deleted.",
  security: BEARER_ONLY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:delete"), jsonBody()],
  request: { params: WorkspaceParams, ...jsonRequest(DeleteWorkspaceBody) },
  responses: {
    202: jsonResponse(DeletionScheduled, "Deletion scheduled"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

export const restore = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/restore",
  tags,
  summary: "Cancel a scheduled deletion during the grace period",
  security: BEARER_ONLY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:delete")],
  request: { params: WorkspaceParams },
  responses: { 200: jsonResponse(Workspace, "The restored workspace"), ...problems(401, 403, 404, 409, 410, 422) },
});
