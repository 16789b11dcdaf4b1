import { requestAuditBody } from "../../audit/record";
import { conflict, notFound } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import {
  type CustomRoleRecord,
  createCustomRole,
  deleteCustomRole,
  findCustomRole,
  listCustomRoles,
  updateCustomRole,
} from "../../workspaces/custom-roles";
import { BUILT_IN_ROLE_NAMES, BUILT_IN_ROLES, type BuiltInRole, PERMISSIONS } from "../../workspaces/permissions";
import { assertCanGrant, isBuiltInRole, toPermissionSet } from "../../workspaces/roles";
import type * as routes from "./roles.routes";

const BUILT_IN_DESCRIPTIONS: Record<BuiltInRole, string> = {
  owner: "Manages the workspace, members and billing; deletes projects; exports data; everything below.",
  admin: "Manages members, roles, API keys and projects; views analytics and the audit log; exports data.",
  editor: "Creates and edits projects, runs jobs and generates videos, exports their own work.",
  viewer: "Views projects and comments on them.",
};

function builtInResource(name: BuiltInRole) {
  return {
    id: name,
    name,
    description: BUILT_IN_DESCRIPTIONS[name],
    builtIn: true,
    permissions: [...BUILT_IN_ROLES[name]].sort(),
    createdAt: null,
    updatedAt: null,
  };
}

function customResource(r: CustomRoleRecord) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    builtIn: false,
    permissions: [...toPermissionSet(r.permissions)].sort(),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const immutable = (name: string) =>
  conflict(
    "built_in_role_immutable",
    `The built-in role '${name}' cannot be changed or deleted; create a custom role instead.`,
  );

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const custom = await listCustomRoles(c.env, c.get("membership").workspaceId);
  return c.json(
    {
      items: [...BUILT_IN_ROLE_NAMES.map(builtInResource), ...custom.map(customResource)],
      permissions: [...PERMISSIONS],
    },
    200,
  );
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { roleId } = c.req.valid("param");
  if (isBuiltInRole(roleId)) return c.json(builtInResource(roleId), 200);
  const role = await findCustomRole(c.env, c.get("membership").workspaceId, roleId);
  if (!role) throw notFound("role");
  return c.json(customResource(role), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const membership = c.get("membership");
  const body = c.req.valid("json");
  assertCanGrant(membership, new Set(body.permissions));
  const principal = c.get("principal");
  const role = await createCustomRole(c.env, membership.workspaceId, body, principal.userId, (role) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "role.create",
      target: { type: "role", id: role.id },
      after: customResource(role),
    }),
  );
  return c.json(customResource(role), 201, {
    Location: `/api/v1/workspaces/${membership.workspaceId}/roles/${role.id}`,
  });
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const membership = c.get("membership");
  const { roleId } = c.req.valid("param");
  const change = c.req.valid("json");
  if (isBuiltInRole(roleId)) throw immutable(roleId);
  const existing = await findCustomRole(c.env, membership.workspaceId, roleId);
  if (!existing) throw notFound("role");
  // The role as it will be must not grant more than the caller holds, even if only its name changes.
  assertCanGrant(membership, change.permissions ? new Set(change.permissions) : toPermissionSet(existing.permissions));
  const updated = await updateCustomRole(c.env, existing, change, (updated) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "role.update",
      target: { type: "role", id: roleId },
      before: customResource(existing),
      after: customResource(updated),
    }),
  );
  return c.json(customResource(updated), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const membership = c.get("membership");
  const { roleId } = c.req.valid("param");
  if (isBuiltInRole(roleId)) throw immutable(roleId);
  const existing = await findCustomRole(c.env, membership.workspaceId, roleId);
  if (!existing) throw notFound("role");
  assertCanGrant(membership, toPermissionSet(existing.permissions));
  await deleteCustomRole(c.env, membership.workspaceId, roleId, () =>
    requestAuditBody(c, membership.workspaceId, {
      action: "role.delete",
      target: { type: "role", id: roleId },
      before: customResource(existing),
    }),
  );
  return c.body(null, 204);
};
