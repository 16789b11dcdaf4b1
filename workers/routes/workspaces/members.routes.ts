import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { USER_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const tags = ["Members"];

export const Member = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z
      .string()
      .openapi({ description: "A built-in role (owner, admin, editor, viewer) or a custom role id (rol_…)." }),
    invitedAt: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "When the invitation they accepted was created; null for the creator." }),
    joinedAt: z.string().datetime(),
    lastActiveAt: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "Their last request in this workspace, to the minute." }),
  })
  .openapi("Member");

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });
const UserId = z
  .string()
  .regex(idPattern("usr"), "not a user id")
  .openapi({ param: { name: "userId", in: "path" } });
export const MemberParams = z.object({ id: WorkspaceId, userId: UserId });

const ChangeRoleBody = z
  .strictObject({
    role: z
      .string()
      .min(1)
      .max(40)
      .openapi({ description: "admin, editor, viewer or a custom role id; owner only through transfer-ownership." }),
  })
  .openapi("ChangeMemberRoleRequest");
const TransferBody = z
  .strictObject({ userId: z.string().regex(idPattern("usr"), "not a user id") })
  .openapi("TransferOwnershipRequest");

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/members",
  tags,
  summary: "The workspace's members with their role, when they were invited and when they were last active",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("members:read")],
  request: { params: z.object({ id: WorkspaceId }), query: PageQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(Member), nextCursor: z.string().nullable() }), "A page of members"),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const changeRole = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}/members/{userId}",
  tags,
  summary: "Change a member's role (never beyond your own; the owner's role changes only by transfer)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("members:manage"), jsonBody()],
  request: { params: MemberParams, ...jsonRequest(ChangeRoleBody) },
  responses: {
    200: jsonResponse(Member, "The member with the new role"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/members/{userId}",
  tags,
  summary: "Remove a member: their sockets are closed and their API keys for this workspace revoked",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("members:manage")],
  request: { params: MemberParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 409, 422) },
});

export const leave = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/leave",
  ...USER_ROUTE,
  tags,
  summary: "Leave the workspace (the owner transfers ownership first)",
  security: BEARER_ONLY,
  middleware: [authenticate(), workspaceFromPath()],
  request: { params: z.object({ id: WorkspaceId }) },
  responses: { 204: { description: "Left" }, ...problems(401, 403, 404, 409, 422) },
});

export const transferOwnership = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/transfer-ownership",
  tags,
  summary: "Make another member the owner; the current owner becomes an admin",
  description: "Only the owner may call it. There is exactly one owner at all times.",
  security: BEARER_ONLY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("members:manage"), jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(TransferBody) },
  responses: {
    200: jsonResponse(
      z.object({ previousOwner: Member, newOwner: Member }).openapi("OwnershipTransferred"),
      "Ownership transferred",
    ),
    ...problems(400, 401, 403, 404, 409, 413, 415, 422),
  },
});
