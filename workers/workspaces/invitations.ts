/**
 * Invitations: a single-use token (only its SHA-256 is stored) that lets the person with the
 * invited email address join a workspace with a given role, until it expires. Resending replaces
 * the token, so the old one stops working. Each answer a dead token gets has its own code:
 * unknown 404, revoked 410, expired 410, already used 409. Every change writes its audit entry
 * in its own batch.
 */

import { and, desc, eq, isNull, lt, lte } from "drizzle-orm";
import { normalizeEmail } from "../auth/accounts";
import { getDb, toStatement } from "../db/client";
import { eventOutbox, invitations, memberships, users } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxRow, auditOutboxStatement, insertAuditRow, kickOutbox } from "../events/outbox";
import type { Membership } from "../lib/context";
import { randomToken, sha256Hex } from "../lib/crypto";
import { AppError, badRequest, conflict, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoIn, isoNow } from "../lib/time";
import type { Mailer } from "../mail/mailer";
import { assertCanGrant, resolveRole } from "./roles";
import { forgetMembership, getWorkspace } from "./workspaces";

export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

export type InvitationRecord = typeof invitations.$inferSelect;

const gone = (code: string, detail: string) => new AppError(410, code, "Gone", detail);

/** The link an invitee follows; the token sits in the fragment so it never reaches a server log. */
export function acceptLink(origin: string, token: string): string {
  return `${origin}/invitations/accept#token=${token}`;
}

/** The role an invitation may carry: exists in this workspace, is not owner, grants nothing the caller lacks. */
async function assertGrantableRole(env: Env, caller: Membership, role: string): Promise<void> {
  if (role === "owner")
    throw badRequest("ownership_transfer_required", "Invite with another role, then transfer ownership.");
  const resolved = await resolveRole(env, caller.workspaceId, role);
  if (!resolved)
    throw new AppError(
      422,
      "unknown_role",
      "Unknown role",
      `'${role}' is neither a built-in role nor a custom role of this workspace.`,
    );
  assertCanGrant(caller, resolved.permissions);
}

async function deliver(env: Env, mailer: Mailer, invitation: InvitationRecord, link: string): Promise<void> {
  const workspace = await getWorkspace(env, invitation.workspaceId);
  await mailer.send({
    workspaceId: invitation.workspaceId,
    to: invitation.email,
    subject: `You are invited to ${workspace?.name ?? "a workspace"} on Zukai`,
    text: [
      `You have been invited to join "${workspace?.name ?? "a workspace"}" on Zukai as ${invitation.role}.`,
      `Accept the invitation: ${link}`,
      `The link works once and expires at ${invitation.expiresAt}. Sign in with ${invitation.email} to accept it.`,
    ].join("\n\n"),
    actionUrl: link,
    relatedId: invitation.id,
  });
}

/** Creates an invitation and sends its link; 409 when the person is a member or already invited. */
export async function createInvitation(
  env: Env,
  mailer: Mailer,
  caller: Membership,
  input: { email: string; role: string },
  invitedBy: string,
  origin: string,
  audit: AuditOf<InvitationRecord>,
): Promise<{ invitation: InvitationRecord; link: string }> {
  const { workspaceId } = caller;
  const email = normalizeEmail(input.email);
  await assertGrantableRole(env, caller, input.role);
  const member = await getDb(env)
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(users.email, email)))
    .get();
  if (member) throw conflict("already_member", "This person is already a member of the workspace.");

  const token = randomToken(32);
  const nowMs = Date.now();
  const now = isoNow(nowMs);
  const invitation: InvitationRecord = {
    id: newId("inv"),
    workspaceId,
    email,
    role: input.role,
    tokenHash: await sha256Hex(token),
    status: "pending",
    invitedBy,
    createdAt: now,
    sentAt: now,
    expiresAt: isoIn(INVITATION_TTL_SECONDS, nowMs),
    respondedAt: null,
    respondedBy: null,
  };
  const db = getDb(env);
  const entry = auditOutboxRow(workspaceId, audit(invitation));
  try {
    // A lapsed invitation to the same address no longer blocks a new one (one pending per address).
    await db.batch([
      db
        .update(invitations)
        .set({ status: "expired" })
        .where(
          and(
            eq(invitations.workspaceId, workspaceId),
            eq(invitations.email, email),
            eq(invitations.status, "pending"),
            lte(invitations.expiresAt, now),
          ),
        ),
      db.insert(invitations).values(invitation),
      insertAuditRow(db, entry),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed")) {
      throw conflict("invitation_pending", "This address already has a pending invitation; resend it instead.");
    }
    throw error;
  }
  const link = acceptLink(origin, token);
  try {
    await deliver(env, mailer, invitation, link);
  } catch (error) {
    // An invitation nobody received is not left behind, nor its entry while still unpublished.
    await db.batch([
      db.delete(invitations).where(eq(invitations.id, invitation.id)),
      db.delete(eventOutbox).where(and(eq(eventOutbox.id, entry.id), isNull(eventOutbox.publishedAt))),
    ]);
    throw error;
  }
  await kickOutbox(env, workspaceId);
  return { invitation, link };
}

/** A page of the workspace's pending invitations (including lapsed ones not yet replaced), newest first. */
export async function listPendingInvitations(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<InvitationRecord[]> {
  return getDb(env)
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        eq(invitations.status, "pending"),
        afterId ? lt(invitations.id, afterId) : undefined,
      ),
    )
    .orderBy(desc(invitations.id))
    .limit(limit + 1)
    .all();
}

/** "pending", or "expired" for a pending invitation past its expiry. */
export function effectiveStatus(invitation: InvitationRecord, now = isoNow()): InvitationRecord["status"] {
  return invitation.status === "pending" && invitation.expiresAt <= now ? "expired" : invitation.status;
}

async function findInvitation(env: Env, workspaceId: string, invitationId: string): Promise<InvitationRecord> {
  return getInWorkspace(env, invitations, workspaceId, invitationId, "invitation");
}

const notPending = () => conflict("invitation_not_pending", "The invitation was already answered or revoked.");

/** Revokes a pending invitation of this workspace; its token stops working at once. */
export async function revokeInvitation(
  env: Env,
  workspaceId: string,
  invitationId: string,
  audit: AuditOf<InvitationRecord>,
): Promise<InvitationRecord> {
  const before = await findInvitation(env, workspaceId, invitationId);
  const [result] = await env.DB.batch([
    toStatement(
      env,
      getDb(env)
        .update(invitations)
        .set({ status: "revoked", respondedAt: isoNow() })
        .where(
          and(
            eq(invitations.id, invitationId),
            eq(invitations.workspaceId, workspaceId),
            eq(invitations.status, "pending"),
          ),
        ),
    ),
    auditOutboxStatement(env, workspaceId, audit(before), { guarded: true }),
  ]);
  if (result!.meta.changes === 0) throw notPending();
  await kickOutbox(env, workspaceId);
  return before;
}

/** Sends a pending invitation again with a new token and a fresh expiry; the old token dies. */
export async function resendInvitation(
  env: Env,
  mailer: Mailer,
  caller: Membership,
  invitationId: string,
  origin: string,
  audit: AuditOf<InvitationRecord>,
): Promise<{ invitation: InvitationRecord; link: string }> {
  const before = await findInvitation(env, caller.workspaceId, invitationId);
  if (before.status !== "pending") throw notPending();
  await assertGrantableRole(env, caller, before.role);
  const token = randomToken(32);
  const nowMs = Date.now();
  const changes = {
    tokenHash: await sha256Hex(token),
    sentAt: isoNow(nowMs),
    expiresAt: isoIn(INVITATION_TTL_SECONDS, nowMs),
  };
  const invitation = { ...before, ...changes };
  // The old token dies with this batch whether or not the mail then goes out, so it is recorded here.
  const [result] = await env.DB.batch([
    toStatement(
      env,
      getDb(env)
        .update(invitations)
        .set(changes)
        .where(
          and(
            eq(invitations.id, invitationId),
            eq(invitations.workspaceId, caller.workspaceId),
            eq(invitations.status, "pending"),
          ),
        ),
    ),
    auditOutboxStatement(env, caller.workspaceId, audit(invitation), { guarded: true }),
  ]);
  if (result!.meta.changes === 0) throw notPending();
  await kickOutbox(env, caller.workspaceId);
  const link = acceptLink(origin, token);
  await deliver(env, mailer, invitation, link);
  return { invitation, link };
}

/** The invitation a presented token belongs to, if it may still be answered by this user. */
async function answerableInvitation(
  env: Env,
  token: string,
  user: { userId: string; email: string },
): Promise<InvitationRecord> {
  const row = await getDb(env)
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, await sha256Hex(token)))
    .get();
  if (!row) throw notFound("invitation");
  // Someone else's token tells them nothing about its state.
  if (normalizeEmail(user.email) !== row.email) {
    throw new AppError(
      403,
      "invitation_email_mismatch",
      "Forbidden",
      "This invitation was sent to another email address; sign in with that address to answer it.",
    );
  }
  if (row.status === "revoked") throw gone("invitation_revoked", "The invitation was revoked.");
  if (row.status === "accepted" || row.status === "declined")
    throw conflict("invitation_used", `The invitation was already ${row.status}.`);
  if (effectiveStatus(row) === "expired")
    throw gone("invitation_expired", "The invitation expired; ask for a new one.");
  return row;
}

/** Why a guarded answer changed nothing: the invitation moved on meanwhile. */
async function explainAnswered(env: Env, token: string, user: { userId: string; email: string }): Promise<never> {
  await answerableInvitation(env, token, user);
  throw notPending();
}

/** Joins the workspace the token invites to; the signed-in user's email must be the invited one. */
export async function acceptInvitation(
  env: Env,
  token: string,
  user: { userId: string; email: string },
  audit: AuditOf<{ invitation: InvitationRecord; membership: { workspaceId: string; role: string } }>,
): Promise<{ invitation: InvitationRecord; membership: { workspaceId: string; role: string } }> {
  const invitation = await answerableInvitation(env, token, user);
  const { workspaceId, role } = invitation;
  const already = await getDb(env)
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, user.userId)))
    .get();
  if (already) throw conflict("already_member", "You are already a member of this workspace.");
  if (!(await resolveRole(env, workspaceId, role))) {
    throw conflict(
      "invitation_role_gone",
      "The role this invitation grants no longer exists; ask for a new invitation.",
    );
  }
  const now = isoNow();
  const accepted = {
    invitation: { ...invitation, status: "accepted" as const, respondedAt: now, respondedBy: user.userId },
    membership: { workspaceId, role },
  };
  let answered: D1Result | undefined;
  try {
    // One transaction: the invitation is used and the membership exists, or neither.
    [answered] = await env.DB.batch([
      env.DB.prepare(
        "UPDATE invitations SET status = 'accepted', responded_at = ?, responded_by = ? WHERE id = ? AND status = 'pending' AND expires_at > ?",
      ).bind(now, user.userId, invitation.id, now),
      env.DB.prepare(
        "INSERT INTO memberships (workspace_id, user_id, role, invited_at, created_at) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM invitations WHERE id = ? AND status = 'accepted' AND responded_by = ? AND responded_at = ?)",
      ).bind(workspaceId, user.userId, role, invitation.createdAt, now, invitation.id, user.userId, now),
      auditOutboxStatement(env, workspaceId, audit(accepted), { guarded: true }),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: memberships"))
      throw conflict("already_member", "You are already a member of this workspace.");
    throw error;
  }
  if (answered!.meta.changes === 0) await explainAnswered(env, token, user);
  forgetMembership(workspaceId, user.userId);
  await kickOutbox(env, workspaceId);
  return accepted;
}

/** Declines the invitation; the token is used up. */
export async function declineInvitation(
  env: Env,
  token: string,
  user: { userId: string; email: string },
  audit: AuditOf<InvitationRecord>,
): Promise<InvitationRecord> {
  const invitation = await answerableInvitation(env, token, user);
  const now = isoNow();
  const declined = { ...invitation, status: "declined" as const, respondedAt: now, respondedBy: user.userId };
  const [result] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE invitations SET status = 'declined', responded_at = ?, responded_by = ? WHERE id = ? AND status = 'pending' AND expires_at > ?",
    ).bind(now, user.userId, invitation.id, now),
    auditOutboxStatement(env, invitation.workspaceId, audit(declined), { guarded: true }),
  ]);
  if (result!.meta.changes === 0) await explainAnswered(env, token, user);
  await kickOutbox(env, invitation.workspaceId);
  return declined;
}
