import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyRecord } from "../../auth/api-keys";
import { AppError } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { permissionsOf } from "../../workspaces/permissions";
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
    throw new AppError(403, "user_token_required", "Forbidden", "API keys are created by signed-in users, not by other keys.");
  }
  // Nobody hands a key more than they hold themselves.
  const granted = permissionsOf(body.role);
  const missing = [...granted].filter((p) => !membership.permissions.has(p));
  if (missing.length > 0) {
    throw new AppError(403, "role_exceeds_own", "Forbidden", `The role '${body.role}' grants permissions you do not hold.`, { missing });
  }
  const { record, key } = await createApiKey(c.env, membership.workspaceId, body, principal.userId);
  return c.json({ ...toResource(record), key }, 201, { Location: `/api/v1/workspaces/${membership.workspaceId}/api-keys` });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const rows = await listApiKeys(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor));
  const page = toPage(rows, limit);
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const revoke: AppRouteHandler<typeof routes.revoke> = async (c) => {
  await revokeApiKey(c.env, c.get("membership").workspaceId, c.req.valid("param").keyId);
  return c.body(null, 204);
};
