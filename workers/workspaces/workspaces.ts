/**
 * Workspaces and memberships. Every read here is scoped by the caller's user id or by a
 * workspace id that came from the authenticated context, never from a request body.
 */

import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { memberships, workspaces } from "../db/schema";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox } from "../events/outbox";
import type { Membership } from "../lib/context";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { TtlCache } from "../lib/ttl-cache";
import { permissionsOfRole } from "./roles";

// A member's role is read on every request. Only positive answers are cached (a new member gets
// in at once); a role change or removal reaches other isolates within the TTL.
const MEMBERSHIP_TTL_MS = 5_000;
const rolesByMember = new TtlCache<string>(MEMBERSHIP_TTL_MS);

/** Drops a cached role after a membership changes, so this isolate sees it at once. */
export function forgetMembership(workspaceId: string, userId: string): void {
  rolesByMember.delete(`${workspaceId}:${userId}`);
}

export type WorkspaceRecord = typeof workspaces.$inferSelect;
export type WorkspaceWithRole = WorkspaceRecord & { role: string };

/** Creates a team workspace with its creator as the owner, and its first audit entry. */
export async function createWorkspace(
  env: Env,
  userId: string,
  name: string,
  audit: AuditOf<WorkspaceRecord>,
): Promise<WorkspaceWithRole> {
  const db = getDb(env);
  const now = isoNow();
  const workspace: WorkspaceRecord = {
    id: newId("ws"),
    name,
    kind: "team",
    plan: "free",
    webhookSecret: null,
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
    settings: {},
    deletionScheduledAt: null,
    deletionScheduledBy: null,
    deletesAt: null,
  };
  await db.batch([
    db.insert(workspaces).values(workspace),
    db.insert(memberships).values({ workspaceId: workspace.id, userId, role: "owner", createdAt: now }),
    insertAuditRow(db, auditOutboxRow(workspace.id, audit(workspace))),
  ]);
  await kickOutbox(env, workspace.id);
  return { ...workspace, role: "owner" };
}

/** A page of the workspaces a user belongs to, newest first. */
export async function listWorkspacesOf(
  env: Env,
  userId: string,
  limit: number,
  afterId?: string,
): Promise<WorkspaceWithRole[]> {
  const rows = await getDb(env)
    .select({ workspace: workspaces, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), afterId ? lt(workspaces.id, afterId) : undefined))
    .orderBy(desc(workspaces.id))
    .limit(limit + 1)
    .all();
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}

/** The workspace a membership points at; callers have already checked the membership. */
export async function getWorkspace(env: Env, workspaceId: string): Promise<WorkspaceRecord | undefined> {
  return getDb(env).select().from(workspaces).where(eq(workspaces.id, workspaceId)).get();
}

// "Last active" is kept to the minute, so a busy member costs one write a minute, not one a request.
const LAST_ACTIVE_RESOLUTION_MS = 60_000;

async function touchMembership(
  env: Env,
  workspaceId: string,
  userId: string,
  lastActiveAt: string | null,
): Promise<void> {
  if (lastActiveAt && Date.now() - Date.parse(lastActiveAt) < LAST_ACTIVE_RESOLUTION_MS) return;
  await getDb(env)
    .update(memberships)
    .set({ lastActiveAt: isoNow() })
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

/** A user's role in a workspace, as a resolved Membership, or undefined. */
export async function loadMembership(env: Env, workspaceId: string, userId: string): Promise<Membership | undefined> {
  const cacheKey = `${workspaceId}:${userId}`;
  let role = rolesByMember.get(cacheKey);
  if (role === undefined) {
    const row = await getDb(env)
      .select({ role: memberships.role, lastActiveAt: memberships.lastActiveAt })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
      .get();
    if (!row) return undefined;
    role = row.role;
    rolesByMember.set(cacheKey, role);
    await touchMembership(env, workspaceId, userId, row.lastActiveAt);
  }
  // A built-in name or a custom role id of this workspace (roles.ts, cached the same way).
  return { workspaceId, role, permissions: await permissionsOfRole(env, workspaceId, role) };
}
