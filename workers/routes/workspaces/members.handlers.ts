import { requestAuditBody } from "../../audit/record";
import { AppError } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import {
  changeMemberRole,
  leaveWorkspace,
  listMembers,
  type MemberRecord,
  removeMember,
  transferOwnership,
} from "../../workspaces/members";
import type * as routes from "./members.routes";

function toResource(m: MemberRecord) {
  return {
    userId: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    invitedAt: m.invitedAt,
    joinedAt: m.joinedAt,
    lastActiveAt: m.lastActiveAt,
  };
}

const memberTarget = (userId: string) => ({ type: "member", id: userId });

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = toPage(await listMembers(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor)), limit);
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const changeRole: AppRouteHandler<typeof routes.changeRole> = async (c) => {
  const membership = c.get("membership");
  const { userId } = c.req.valid("param");
  const { after } = await changeMemberRole(c.env, membership, userId, c.req.valid("json").role, ({ before, after }) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "member.role_changed",
      target: memberTarget(userId),
      before: { role: before.role },
      after: { role: after.role },
    }),
  );
  return c.json(toResource(after), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const membership = c.get("membership");
  const { userId } = c.req.valid("param");
  await removeMember(c.env, membership, userId, (before) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "member.removed",
      target: memberTarget(userId),
      before: { role: before.role, email: before.email },
    }),
  );
  return c.body(null, 204);
};

export const leave: AppRouteHandler<typeof routes.leave> = async (c) => {
  const principal = c.get("principal");
  const { workspaceId } = c.get("membership");
  if (principal.kind !== "user")
    throw new AppError(
      403,
      "user_token_required",
      "Forbidden",
      "A member leaves with their own sign-in, not with an API key.",
    );
  await leaveWorkspace(c.env, workspaceId, principal.userId, (before) =>
    requestAuditBody(c, workspaceId, {
      action: "member.left",
      target: memberTarget(principal.userId),
      before: { role: before.role },
    }),
  );
  return c.body(null, 204);
};

export const transfer: AppRouteHandler<typeof routes.transferOwnership> = async (c) => {
  const principal = c.get("principal");
  const membership = c.get("membership");
  if (principal.kind !== "user" || membership.role !== "owner") {
    throw new AppError(403, "owner_required", "Forbidden", "Only the owner, signed in, can transfer ownership.");
  }
  const { userId } = c.req.valid("json");
  const { previousOwner, newOwner } = await transferOwnership(
    c.env,
    membership.workspaceId,
    principal.userId,
    userId,
    ({ previousOwner, newOwner }) =>
      requestAuditBody(c, membership.workspaceId, {
        action: "workspace.ownership_transferred",
        target: memberTarget(userId),
        before: { owner: previousOwner.userId },
        after: { owner: newOwner.userId, previousOwnerRole: previousOwner.role },
      }),
  );
  return c.json({ previousOwner: toResource(previousOwner), newOwner: toResource(newOwner) }, 200);
};
