/**
 * A workspace's members: list, role changes, removal, leaving and ownership transfer.
 *
 * Exactly one owner at all times. The database refuses a second owner (the partial unique index
 * `memberships_one_owner`), and every statement that could demote or delete the owner says
 * `role <> 'owner'` in its WHERE, so no interleaving of requests leaves zero owners. A D1 batch
 * runs as one transaction, so the guards are read and written without a gap. Each change's audit
 * entry is written in its batch, right after the guarded statement and only if that changed a row.
 */
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { forgetApiKeysOf } from "../auth/api-keys";
import { getDb } from "../db/client";
import { apiKeys, memberships, users } from "../db/schema";
import { type AuditBody, type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { recheckSockets } from "../events/publish";
import type { Membership } from "../lib/context";
import { AppError, badRequest, conflict, notFound } from "../lib/errors";
import { isoNow } from "../lib/time";
import { assertCanGrant, permissionsOfRole, resolveRole } from "./roles";
import { forgetMembership, getWorkspace } from "./workspaces";

export interface MemberRecord {
  userId: string;
  email: string;
  name: string;
  role: string;
  invitedAt: string | null;
  joinedAt: string;
  lastActiveAt: string | null;
}

const memberColumns = {
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  invitedAt: memberships.invitedAt,
  joinedAt: memberships.createdAt,
  lastActiveAt: memberships.lastActiveAt,
};

/** A page of a workspace's members, ordered by user id (newest accounts first). */
export async function listMembers(
  env: Env,
  workspaceId: string,
  limit: number,
  afterUserId?: string,
): Promise<(MemberRecord & { id: string })[]> {
  const rows = await getDb(env)
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), afterUserId ? lt(memberships.userId, afterUserId) : undefined))
    .orderBy(desc(memberships.userId))
    .limit(limit + 1)
    .all();
  return rows.map((row) => ({ ...row, id: row.userId }));
}

/** One member of this workspace; 404 for anyone else. */
export async function getMember(env: Env, workspaceId: string, userId: string): Promise<MemberRecord> {
  const row = await getDb(env)
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .get();
  if (!row) throw notFound("member");
  return row;
}

/** 404 when the member is gone, 409 when they are the owner: why a guarded write changed nothing. */
async function explainUnchanged(
  env: Env,
  workspaceId: string,
  userId: string,
  ownerCode: string,
  ownerDetail: string,
): Promise<never> {
  const now = await getMember(env, workspaceId, userId);
  if (now.role === "owner") throw conflict(ownerCode, ownerDetail);
  throw conflict("membership_changed", "The membership changed meanwhile; read it again and retry.");
}

function isSubset(inner: ReadonlySet<string>, outer: ReadonlySet<string>): boolean {
  for (const item of inner) if (!outer.has(item)) return false;
  return true;
}

/**
 * Gives a member another role. Never to or from owner (transfer-ownership does that), never a role
 * granting more than the caller holds, never to someone who holds more than the caller. Their API
 * keys whose role now exceeds their own are revoked in the same batch.
 */
export async function changeMemberRole(
  env: Env,
  caller: Membership,
  userId: string,
  role: string,
  audit: AuditOf<{ before: MemberRecord; after: MemberRecord }>,
): Promise<{ before: MemberRecord; after: MemberRecord }> {
  const { workspaceId } = caller;
  if (role === "owner")
    throw badRequest("ownership_transfer_required", "Make someone the owner with POST …/transfer-ownership.");
  const resolved = await resolveRole(env, workspaceId, role);
  if (!resolved)
    throw new AppError(
      422,
      "unknown_role",
      "Unknown role",
      `'${role}' is neither a built-in role nor a custom role of this workspace.`,
    );
  assertCanGrant(caller, resolved.permissions);
  const before = await getMember(env, workspaceId, userId);
  if (before.role === "owner")
    throw conflict("owner_role_fixed", "The owner's role changes only by transferring ownership.");
  assertCanGrant(caller, await permissionsOfRole(env, workspaceId, before.role));

  const keys = await getDb(env)
    .select({ id: apiKeys.id, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
    .all();
  const excessive: string[] = [];
  for (const key of keys)
    if (!isSubset(await permissionsOfRole(env, workspaceId, key.role), resolved.permissions)) excessive.push(key.id);

  const now = isoNow();
  const after = { ...before, role };
  const [updated] = await env.DB.batch([
    env.DB.prepare("UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ? AND role <> 'owner'").bind(
      role,
      workspaceId,
      userId,
    ),
    auditOutboxStatement(env, workspaceId, audit({ before, after }), { guarded: true }),
    ...excessive.map((keyId) =>
      env.DB.prepare(
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ? AND role = ?)",
      ).bind(now, keyId, workspaceId, workspaceId, userId, role),
    ),
  ]);
  if (updated!.meta.changes === 0)
    await explainUnchanged(
      env,
      workspaceId,
      userId,
      "owner_role_fixed",
      "The owner's role changes only by transferring ownership.",
    );
  forgetMembership(workspaceId, userId);
  if (excessive.length > 0) forgetApiKeysOf(workspaceId, userId);
  await kickOutbox(env, workspaceId);
  await recheckSockets(env, workspaceId);
  return { before, after };
}

/** Ends a non-owner's membership: their keys for the workspace are revoked in the same batch, their sockets closed. */
async function endMembership(
  env: Env,
  workspaceId: string,
  userId: string,
  ownerCode: string,
  ownerDetail: string,
  entry: AuditBody,
): Promise<void> {
  const now = isoNow();
  const [, removed] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND created_by = ? AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ? AND role <> 'owner')",
    ).bind(now, workspaceId, userId, workspaceId, userId),
    env.DB.prepare("DELETE FROM memberships WHERE workspace_id = ? AND user_id = ? AND role <> 'owner'").bind(
      workspaceId,
      userId,
    ),
    auditOutboxStatement(env, workspaceId, entry, { guarded: true }),
  ]);
  if (removed!.meta.changes === 0) await explainUnchanged(env, workspaceId, userId, ownerCode, ownerDetail);
  forgetMembership(workspaceId, userId);
  forgetApiKeysOf(workspaceId, userId);
  await kickOutbox(env, workspaceId);
  // Sockets opened with the member's token or with one of their keys carry the tag `user:<id>`.
  await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId)).disconnectUser(
    userId,
    "removed from the workspace",
  );
}

/** Removes a member; the owner cannot be removed, nor anyone holding more than the caller. */
export async function removeMember(
  env: Env,
  caller: Membership,
  userId: string,
  audit: AuditOf<MemberRecord>,
): Promise<MemberRecord> {
  const before = await getMember(env, caller.workspaceId, userId);
  if (before.role === "owner")
    throw conflict("owner_cannot_be_removed", "The owner cannot be removed; transfer ownership first.");
  assertCanGrant(caller, await permissionsOfRole(env, caller.workspaceId, before.role));
  await endMembership(
    env,
    caller.workspaceId,
    userId,
    "owner_cannot_be_removed",
    "The owner cannot be removed; transfer ownership first.",
    audit(before),
  );
  return before;
}

/** The caller leaves the workspace; the owner must transfer ownership first. */
export async function leaveWorkspace(
  env: Env,
  workspaceId: string,
  userId: string,
  audit: AuditOf<MemberRecord>,
): Promise<MemberRecord> {
  const before = await getMember(env, workspaceId, userId);
  const detail = "The owner cannot leave; transfer ownership to another member first.";
  if (before.role === "owner") throw conflict("owner_cannot_leave", detail);
  await endMembership(env, workspaceId, userId, "owner_cannot_leave", detail, audit(before));
  return before;
}

/**
 * Makes another member the owner and the old owner an admin, in one batch: the demotion only
 * happens while the caller is still the owner and the target still a member, the promotion only
 * while the workspace has no owner — so concurrent transfers end with exactly one owner.
 */
export async function transferOwnership(
  env: Env,
  workspaceId: string,
  fromUserId: string,
  toUserId: string,
  audit: AuditOf<{ previousOwner: Pick<MemberRecord, "userId" | "role">; newOwner: MemberRecord }>,
): Promise<{ previousOwner: MemberRecord; newOwner: MemberRecord }> {
  const workspace = await getWorkspace(env, workspaceId);
  if (!workspace) throw notFound("workspace");
  if (workspace.kind === "personal")
    throw conflict("personal_workspace", "A personal workspace always belongs to its user.");
  if (fromUserId === toUserId) throw conflict("already_owner", "You already own this workspace.");
  const target = await getMember(env, workspaceId, toUserId);
  const newOwner = { ...target, role: "owner" };
  const [demoted, promoted] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE memberships SET role = 'admin' WHERE workspace_id = ? AND user_id = ? AND role = 'owner' AND EXISTS (SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ?)",
    ).bind(workspaceId, fromUserId, workspaceId, toUserId),
    env.DB.prepare(
      "UPDATE memberships SET role = 'owner' WHERE workspace_id = ? AND user_id = ? AND NOT EXISTS (SELECT 1 FROM memberships WHERE workspace_id = ? AND role = 'owner')",
    ).bind(workspaceId, toUserId, workspaceId),
    // The promotion happens only after the demotion, so it alone says whether ownership moved.
    auditOutboxStatement(env, workspaceId, audit({ previousOwner: { userId: fromUserId, role: "admin" }, newOwner }), {
      guarded: true,
    }),
  ]);
  forgetMembership(workspaceId, fromUserId);
  forgetMembership(workspaceId, toUserId);
  if (demoted!.meta.changes === 0 || promoted!.meta.changes === 0) {
    await getMember(env, workspaceId, toUserId); // 404 when the target left meanwhile
    throw conflict("not_owner", "Ownership moved meanwhile; only the current owner can transfer it.");
  }
  await kickOutbox(env, workspaceId);
  // The former owner's keys keep their stored role but now act within admin (workspaces/principal.ts).
  await recheckSockets(env, workspaceId);
  const previousOwner = await getMember(env, workspaceId, fromUserId);
  return { previousOwner, newOwner };
}
