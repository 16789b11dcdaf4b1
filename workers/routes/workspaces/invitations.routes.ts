import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { AUTHENTICATED_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const tags = ["Invitations"];

export const Invitation = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.enum(["pending", "accepted", "declined", "revoked", "expired"]),
    invitedBy: z.string(),
    createdAt: z.string().datetime(),
    sentAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    respondedAt: z.string().datetime().nullable(),
    acceptUrl: z.string().nullable().openapi({
      description:
        "The link that was mailed. Shown only where mail goes to the local outbox (development, tests); null when it was really sent.",
    }),
  })
  .openapi("Invitation");

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });
const InvitationParams = z.object({
  id: WorkspaceId,
  invitationId: z
    .string()
    .regex(idPattern("inv"), "not an invitation id")
    .openapi({ param: { name: "invitationId", in: "path" } }),
});

const CreateInvitationBody = z
  .strictObject({
    email: z.string().trim().max(254).email(),
    role: z
      .string()
      .min(1)
      .max(40)
      .default("viewer")
      .openapi({ description: "admin, editor, viewer or a custom role id (rol_…)." }),
  })
  .openapi("CreateInvitationRequest");
const TokenBody = z.strictObject({ token: z.string().min(20).max(100) }).openapi("InvitationTokenRequest");

const manage = [authenticate(), workspaceFromPath(), requirePermission("members:manage")];

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/invitations",
  tags,
  summary: "Invite someone by email; they get a single-use link valid for 7 days",
  security: BEARER_OR_API_KEY,
  middleware: [...manage, jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(CreateInvitationBody) },
  responses: { 201: jsonResponse(Invitation, "Invited"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/invitations",
  tags,
  summary: "Pending invitations, newest first (status `expired` once past their expiry)",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: z.object({ id: WorkspaceId }), query: PageQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(Invitation), nextCursor: z.string().nullable() }),
      "A page of invitations",
    ),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const revoke = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/invitations/{invitationId}",
  tags,
  summary: "Revoke a pending invitation; its link stops working at once",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: InvitationParams },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 409, 422) },
});

export const resend = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/invitations/{invitationId}/resend",
  tags,
  summary: "Send a pending invitation again with a new link and a fresh expiry; the old link dies",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: InvitationParams },
  responses: { 200: jsonResponse(Invitation, "Sent again"), ...problems(401, 403, 404, 409, 422) },
});

export const accept = createRoute({
  method: "post",
  path: "/api/v1/invitations/accept",
  ...AUTHENTICATED_ROUTE,
  tags,
  summary: "Accept an invitation: the signed-in user's email must be the invited one",
  description:
    "Unknown token 404; another user's invitation 403; revoked or expired 410; already accepted or declined 409; already a member 409.",
  security: BEARER_ONLY,
  middleware: [authenticate(), jsonBody()],
  request: jsonRequest(TokenBody),
  responses: {
    200: jsonResponse(
      z.object({ workspaceId: z.string(), role: z.string(), invitation: Invitation }).openapi("InvitationAccepted"),
      "Joined",
    ),
    ...problems(400, 401, 403, 404, 409, 410, 413, 415, 422),
  },
});

export const decline = createRoute({
  method: "post",
  path: "/api/v1/invitations/decline",
  ...AUTHENTICATED_ROUTE,
  tags,
  summary: "Decline an invitation sent to the signed-in user's email",
  security: BEARER_ONLY,
  middleware: [authenticate(), jsonBody()],
  request: jsonRequest(TokenBody),
  responses: { 200: jsonResponse(Invitation, "Declined"), ...problems(400, 401, 403, 404, 409, 410, 413, 415, 422) },
});
