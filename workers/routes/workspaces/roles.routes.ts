import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import { PERMISSIONS } from "../../workspaces/permissions";
import { RoleReference } from "../../workspaces/roles";

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });
const RoleParams = z.object({
  id: WorkspaceId,
  roleId: RoleReference.openapi({ param: { name: "roleId", in: "path" } }),
});

export const Role = z
  .object({
    id: z.string().openapi({
      description: "The built-in role's name, or the custom role's id (rol_…).",
      example: "rol_01jd7x1q2w3e4r5t6y7u8i9o0p",
    }),
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    permissions: z.array(z.string()),
    createdAt: z.string().datetime().nullable(),
    updatedAt: z.string().datetime().nullable(),
  })
  .openapi("Role");

const PermissionName = z.enum(PERMISSIONS);
const Name = z.string().trim().min(1).max(64);
const Description = z.string().trim().max(500);
const Permissions = z.array(PermissionName).max(PERMISSIONS.length * 2);

const CreateRoleBody = z
  .strictObject({ name: Name, description: Description.default(""), permissions: Permissions })
  .openapi("CreateRoleRequest");
const UpdateRoleBody = z
  .strictObject({ name: Name.optional(), description: Description.optional(), permissions: Permissions.optional() })
  .refine(
    (b) => b.name !== undefined || b.description !== undefined || b.permissions !== undefined,
    "Change at least one of name, description, permissions.",
  )
  .openapi("UpdateRoleRequest");

const tags = ["Roles"];
const canRead = [authenticate(), workspaceFromPath(), requirePermission("roles:read")];
const canManage = [authenticate(), workspaceFromPath(), requirePermission("roles:manage")];

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/roles",
  tags,
  summary: "The built-in roles and the workspace's custom roles, with their permissions",
  security: BEARER_OR_API_KEY,
  middleware: canRead,
  request: { params: z.object({ id: WorkspaceId }) },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(Role), permissions: z.array(z.string()) }),
      "The roles and the whole permission vocabulary",
    ),
    ...problems(401, 403, 404, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/roles/{roleId}",
  tags,
  summary: "One role",
  security: BEARER_OR_API_KEY,
  middleware: canRead,
  request: { params: RoleParams },
  responses: { 200: jsonResponse(Role, "The role"), ...problems(401, 403, 404, 422) },
});

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/roles",
  tags,
  summary: "Create a custom role from permissions the caller holds (a subset of them)",
  security: BEARER_OR_API_KEY,
  middleware: [...canManage, jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(CreateRoleBody) },
  responses: { 201: jsonResponse(Role, "Created"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}/roles/{roleId}",
  tags,
  summary: "Change a custom role; built-in roles are immutable (409 built_in_role_immutable)",
  security: BEARER_OR_API_KEY,
  middleware: [...canManage, jsonBody()],
  request: { params: RoleParams, ...jsonRequest(UpdateRoleBody) },
  responses: { 200: jsonResponse(Role, "The updated role"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/roles/{roleId}",
  tags,
  summary: "Delete a custom role nobody holds (409 role_in_use otherwise)",
  security: BEARER_OR_API_KEY,
  middleware: canManage,
  request: { params: RoleParams },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});
