import { requestAuditBody } from "../../audit/record";
import { type ApiKeyRecord, createApiKey, listApiKeys, revokeApiKey } from "../../auth/api-keys";
import { AppError } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { assertCanGrant, resolveRole, unknownRole } from "../../workspaces/roles";
import type * as routes from "./api-keys.routes";

function toResource(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdBy: k.createdBy,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const principal = c.get("principal");
  const membership = c.get("membership");
  const body = c.req.valid("json");
  if (principal.kind !== "user") {
    throw new AppError(
      403,
      "user_token_required",
      "Forbidden",
      "API keys are created by signed-in users, not by other keys.",
    );
  }
  // Nobody hands a key more than they hold themselves.
  const role = await resolveRole(c.env, membership.workspaceId, body.role);
  if (!role) throw unknownRole(body.role);
  assertCanGrant(membership, role.permissions);
  const { record, key } = await createApiKey(c.env, membership.workspaceId, body, principal.userId, (record) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "api_key.create",
      target: { type: "api_key", id: record.id },
      after: toResource(record),
    }),
  );
  return c.json({ ...toResource(record), key }, 201, {
    Location: `/api/v1/workspaces/${membership.workspaceId}/api-keys`,
  });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const rows = await listApiKeys(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor));
  const page = toPage(rows, limit);
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const revoke: AppRouteHandler<typeof routes.revoke> = async (c) => {
  const workspaceId = c.get("membership").workspaceId;
  const keyId = c.req.valid("param").keyId;
  await revokeApiKey(c.env, workspaceId, keyId, () =>
    requestAuditBody(c, workspaceId, { action: "api_key.revoke", target: { type: "api_key", id: keyId } }),
  );
  return c.body(null, 204);
};
