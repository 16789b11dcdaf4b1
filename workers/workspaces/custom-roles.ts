/**
 * A workspace's custom roles in D1. Every query is scoped by the workspace id from the
 * authenticated context; another workspace's role id is "not found". Every change writes its
 * audit entry in its own batch.
 */

import { and, asc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/guard";
import { insertBelowLimit } from "../db/insert-below-limit";
import { customRoles } from "../db/schema";
import { findInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxRow, auditOutboxStatement, insertAuditRow, kickOutbox } from "../events/outbox";
import { recheckSockets } from "../events/publish";
import { AppError, conflict, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import type { Permission } from "./permissions";
import { forgetCustomRole, isBuiltInRole } from "./roles";

export type CustomRoleRecord = typeof customRoles.$inferSelect;

/** A workspace keeps at most this many custom roles (they are listed whole, without a cursor). */
export const MAX_CUSTOM_ROLES = 50;

const nameTaken = (name: string) =>
  conflict("role_name_taken", `A role named '${name}' already exists in this workspace.`);

/** The create rules of a role that need no database: a name that shadows no built-in role (any case). */
export function checkCustomRoleName(name: string): void {
  if (isBuiltInRole(name.trim().toLowerCase())) throw nameTaken(name);
}

/** Every custom role of a workspace, oldest first. */
export async function listCustomRoles(env: Env, workspaceId: string): Promise<CustomRoleRecord[]> {
  return getDb(env)
    .select()
    .from(customRoles)
    .where(eq(customRoles.workspaceId, workspaceId))
    .orderBy(asc(customRoles.id))
    .limit(MAX_CUSTOM_ROLES)
    .all();
}

/** One custom role of this workspace, or undefined. */
export async function findCustomRole(
  env: Env,
  workspaceId: string,
  roleId: string,
): Promise<CustomRoleRecord | undefined> {
  return findInWorkspace(env, customRoles, workspaceId, roleId);
}

/** Creates a role; the name is unique in the workspace and may not shadow a built-in. */
export async function createCustomRole(
  env: Env,
  workspaceId: string,
  input: { name: string; description: string; permissions: Permission[] },
  createdBy: string,
  audit: AuditOf<CustomRoleRecord>,
): Promise<CustomRoleRecord> {
  checkCustomRoleName(input.name);
  const now = isoNow();
  const record: CustomRoleRecord = {
    id: newId("rol"),
    workspaceId,
    name: input.name,
    description: input.description,
    permissions: [...new Set(input.permissions)].sort(),
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  // The limit is checked inside the INSERT (concurrent creators cannot race past it); the entry is written only with the role.
  let created: D1Result | undefined;
  try {
    [created] = await env.DB.batch([
      insertBelowLimit(env, customRoles, record, MAX_CUSTOM_ROLES),
      auditOutboxStatement(env, workspaceId, audit(record), { guarded: true }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  if (created!.meta.changes === 0)
    throw conflict("role_limit_reached", `A workspace has at most ${MAX_CUSTOM_ROLES} custom roles.`);
  await kickOutbox(env, workspaceId);
  return record;
}

/** Applies a change to a role and drops its cached permission set. */
export async function updateCustomRole(
  env: Env,
  existing: CustomRoleRecord,
  change: { name?: string; description?: string; permissions?: Permission[] },
  audit: AuditOf<CustomRoleRecord>,
): Promise<CustomRoleRecord> {
  if (change.name !== undefined && isBuiltInRole(change.name.toLowerCase())) throw nameTaken(change.name);
  const next: CustomRoleRecord = {
    ...existing,
    name: change.name ?? existing.name,
    description: change.description ?? existing.description,
    permissions: change.permissions ? [...new Set(change.permissions)].sort() : existing.permissions,
    updatedAt: isoNow(),
  };
  const db = getDb(env);
  try {
    await db.batch([
      db
        .update(customRoles)
        .set({
          name: next.name,
          description: next.description,
          permissions: next.permissions,
          updatedAt: next.updatedAt,
        })
        .where(and(eq(customRoles.id, existing.id), eq(customRoles.workspaceId, existing.workspaceId))),
      insertAuditRow(db, auditOutboxRow(existing.workspaceId, audit(next))),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(next.name);
    throw error;
  }
  forgetCustomRole(existing.workspaceId, existing.id);
  await kickOutbox(env, existing.workspaceId);
  // Members and keys holding the role act with its new permissions at once, sockets included.
  if (change.permissions) await recheckSockets(env, existing.workspaceId);
  return next;
}

/**
 * Deletes a role nobody uses. The check and the delete are one statement, so a member assigned
 * the role at the same moment cannot end up holding a role that no longer exists.
 */
export async function deleteCustomRole(
  env: Env,
  workspaceId: string,
  roleId: string,
  audit: AuditOf<void>,
): Promise<void> {
  const [result] = await env.DB.batch([
    env.DB.prepare(
      `DELETE FROM custom_roles WHERE id = ?1 AND workspace_id = ?2
         AND NOT EXISTS (SELECT 1 FROM memberships WHERE workspace_id = ?2 AND role = ?1)
         AND NOT EXISTS (SELECT 1 FROM api_keys WHERE workspace_id = ?2 AND role = ?1 AND revoked_at IS NULL)`,
    ).bind(roleId, workspaceId),
    auditOutboxStatement(env, workspaceId, audit(), { guarded: true }),
  ]);
  forgetCustomRole(workspaceId, roleId);
  if (result!.meta.changes > 0) return kickOutbox(env, workspaceId);
  if (!(await findCustomRole(env, workspaceId, roleId))) throw notFound("role");
  const usage = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM memberships WHERE workspace_id = ?2 AND role = ?1) AS members,
            (SELECT count(*) FROM api_keys WHERE workspace_id = ?2 AND role = ?1 AND revoked_at IS NULL) AS apiKeys`,
  )
    .bind(roleId, workspaceId)
    .first<{ members: number; apiKeys: number }>();
  throw new AppError(
    409,
    "role_in_use",
    "Conflict",
    "The role is assigned to members or API keys; reassign them first.",
    {
      members: usage?.members ?? 0,
      apiKeys: usage?.apiKeys ?? 0,
    },
  );
}
