/**
 * Roles: the four built-ins (permissions.ts) and a workspace's custom roles (`rol_…`, D1
 * `custom_roles`). A membership or API key stores either a built-in name or a custom role id of its
 * own workspace; this module turns that into a permission set, cached per isolate like memberships.
 */
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { customRoles } from "../db/schema";
import type { Membership } from "../lib/context";
import { AppError } from "../lib/errors";
import { idPattern } from "../lib/ids";
import { TtlCache } from "../lib/ttl-cache";
import { BUILT_IN_ROLES, type BuiltInRole, PERMISSIONS, type Permission } from "./permissions";

export interface ResolvedRole {
  role: string;
  permissions: ReadonlySet<Permission>;
}

// Same policy as the membership cache: positive answers only, 5 s, dropped here on change.
const CUSTOM_ROLE_TTL_MS = 5_000;
const customRoleCache = new TtlCache<ReadonlySet<Permission>>(CUSTOM_ROLE_TTL_MS);
const CUSTOM_ROLE_ID = idPattern("rol");
const KNOWN = new Set<string>(PERMISSIONS);

/** A role as requests name it: a built-in name or a custom role id (`rol_…`) of the workspace. */
export const RoleReference = z
  .string()
  .refine(
    (r) => isBuiltInRole(r) || isCustomRoleId(r),
    "a built-in role (owner, admin, editor, viewer) or a custom role id (rol_…)",
  )
  .openapi({
    example: "editor",
    description: "A built-in role (owner, admin, editor, viewer) or a custom role id of this workspace (rol_…).",
  });

/** 422 for a well-formed custom role id that is not one of this workspace's roles. */
export const unknownRole = (role: string) =>
  new AppError(
    422,
    "unknown_role",
    "Unknown role",
    `'${role}' is neither a built-in role nor a custom role of this workspace.`,
  );

/** True for `owner`, `admin`, `editor`, `viewer`. */
export function isBuiltInRole(role: string): role is BuiltInRole {
  return Object.hasOwn(BUILT_IN_ROLES, role);
}

/** True when `role` has the shape of a custom role id (it may still not exist). */
export function isCustomRoleId(role: string): boolean {
  return CUSTOM_ROLE_ID.test(role);
}

/** Keeps the names that are in today's vocabulary (a stored set may predate a removal). */
export function toPermissionSet(names: readonly string[]): ReadonlySet<Permission> {
  return new Set(names.filter((n): n is Permission => KNOWN.has(n)));
}

/** Forgets a custom role's cached permissions after it changes or is deleted. */
export function forgetCustomRole(workspaceId: string, roleId: string): void {
  customRoleCache.delete(`${workspaceId}:${roleId}`);
}

/** A built-in role name or a custom role id of THIS workspace, with its permissions; else undefined. */
export async function resolveRole(env: Env, workspaceId: string, role: string): Promise<ResolvedRole | undefined> {
  if (isBuiltInRole(role)) return { role, permissions: BUILT_IN_ROLES[role] };
  if (!isCustomRoleId(role)) return undefined;
  const key = `${workspaceId}:${role}`;
  let permissions = customRoleCache.get(key);
  if (!permissions) {
    const row = await getDb(env)
      .select({ permissions: customRoles.permissions })
      .from(customRoles)
      .where(and(eq(customRoles.id, role), eq(customRoles.workspaceId, workspaceId)))
      .get();
    if (!row) return undefined;
    permissions = toPermissionSet(row.permissions);
    customRoleCache.set(key, permissions);
  }
  return { role, permissions };
}

/** The permissions a stored role grants now; an unknown or deleted role grants nothing. */
export async function permissionsOfRole(env: Env, workspaceId: string, role: string): Promise<ReadonlySet<Permission>> {
  return (await resolveRole(env, workspaceId, role))?.permissions ?? new Set();
}

/** Nobody grants what they do not hold: 403 `permission_escalation` listing what is missing. */
export function assertCanGrant(membership: Membership, permissions: ReadonlySet<Permission>): void {
  const missing = [...permissions].filter((p) => !membership.permissions.has(p)).sort();
  if (missing.length > 0) {
    throw new AppError(
      403,
      "permission_escalation",
      "Forbidden",
      `You cannot grant permissions you do not hold: ${missing.join(", ")}.`,
      { missing },
    );
  }
}
