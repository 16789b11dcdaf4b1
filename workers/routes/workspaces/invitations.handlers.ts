import type { Context } from "hono";
import { requestAuditBody } from "../../audit/record";
import { findUserById } from "../../auth/accounts";
import type { AppEnv } from "../../lib/context";
import { AppError, unauthorized } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { mailerFor } from "../../mail/mailer";
import { latestOutboxLinks } from "../../mail/outbox";
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  effectiveStatus,
  type InvitationRecord,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../workspaces/invitations";
import type * as routes from "./invitations.routes";

function toResource(i: InvitationRecord, acceptUrl: string | null) {
  return {
    id: i.id,
    workspaceId: i.workspaceId,
    email: i.email,
    role: i.role,
    status: effectiveStatus(i),
    invitedBy: i.invitedBy,
    createdAt: i.createdAt,
    sentAt: i.sentAt,
    expiresAt: i.expiresAt,
    respondedAt: i.respondedAt,
    acceptUrl,
  };
}

/** Where invitation links point: the configured public origin, else the one this request came to. */
function publicOrigin(c: Context<AppEnv>): string {
  return (c.env as Env & { PUBLIC_ORIGIN?: string }).PUBLIC_ORIGIN || new URL(c.req.url).origin;
}

/** The signed-in user answering an invitation (API keys cannot: an invitation is for a person). */
async function invitee(c: Context<AppEnv>): Promise<{ userId: string; email: string }> {
  const principal = c.get("principal");
  if (principal.kind !== "user")
    throw new AppError(
      403,
      "user_token_required",
      "Forbidden",
      "Answer an invitation signed in as the invited person.",
    );
  const user = await findUserById(c.env, principal.userId);
  if (!user) throw unauthorized("invalid_token", "The token's user no longer exists.");
  return { userId: user.id, email: user.email };
}

const invitationTarget = (id: string) => ({ type: "invitation", id });

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const membership = c.get("membership");
  const mailer = mailerFor(c.env);
  const { invitation, link } = await createInvitation(
    c.env,
    mailer,
    membership,
    c.req.valid("json"),
    c.get("principal").userId,
    publicOrigin(c),
    (invitation) =>
      requestAuditBody(c, membership.workspaceId, {
        action: "invitation.created",
        target: invitationTarget(invitation.id),
        after: { email: invitation.email, role: invitation.role },
      }),
  );
  const location = `/api/v1/workspaces/${membership.workspaceId}/invitations`;
  return c.json(toResource(invitation, mailer.transport === "outbox" ? link : null), 201, { Location: location });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { limit, cursor } = c.req.valid("query");
  const page = toPage(await listPendingInvitations(c.env, workspaceId, limit, decodeCursor(cursor)), limit);
  // Links exist only for mail kept in the local outbox; real mail is never readable here.
  const links = await latestOutboxLinks(
    c.env,
    workspaceId,
    page.items.map((i) => i.id),
  );
  return c.json(
    { items: page.items.map((i) => toResource(i, links.get(i.id) ?? null)), nextCursor: page.nextCursor },
    200,
  );
};

export const revoke: AppRouteHandler<typeof routes.revoke> = async (c) => {
  const { workspaceId } = c.get("membership");
  await revokeInvitation(c.env, workspaceId, c.req.valid("param").invitationId, (before) =>
    requestAuditBody(c, workspaceId, {
      action: "invitation.revoked",
      target: invitationTarget(before.id),
      before: { email: before.email, role: before.role, status: before.status },
    }),
  );
  return c.body(null, 204);
};

export const resend: AppRouteHandler<typeof routes.resend> = async (c) => {
  const membership = c.get("membership");
  const mailer = mailerFor(c.env);
  const { invitation, link } = await resendInvitation(
    c.env,
    mailer,
    membership,
    c.req.valid("param").invitationId,
    publicOrigin(c),
    (invitation) =>
      requestAuditBody(c, membership.workspaceId, {
        action: "invitation.resent",
        target: invitationTarget(invitation.id),
        after: { expiresAt: invitation.expiresAt },
      }),
  );
  return c.json(toResource(invitation, mailer.transport === "outbox" ? link : null), 200);
};

export const accept: AppRouteHandler<typeof routes.accept> = async (c) => {
  const user = await invitee(c);
  const { invitation, membership } = await acceptInvitation(
    c.env,
    c.req.valid("json").token,
    user,
    ({ invitation, membership }) =>
      requestAuditBody(c, membership.workspaceId, [
        { action: "invitation.accepted", target: invitationTarget(invitation.id), after: { userId: user.userId } },
        {
          action: "member.added",
          target: { type: "member", id: user.userId },
          after: { role: membership.role, invitationId: invitation.id },
        },
      ]),
  );
  return c.json(
    { workspaceId: membership.workspaceId, role: membership.role, invitation: toResource(invitation, null) },
    200,
  );
};

export const decline: AppRouteHandler<typeof routes.decline> = async (c) => {
  const user = await invitee(c);
  const invitation = await declineInvitation(c.env, c.req.valid("json").token, user, (invitation) =>
    requestAuditBody(c, invitation.workspaceId, {
      action: "invitation.declined",
      target: invitationTarget(invitation.id),
      after: { userId: user.userId },
    }),
  );
  return c.json(toResource(invitation, null), 200);
};
