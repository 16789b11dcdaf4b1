import type { MiddlewareHandler } from "hono";
import { findActiveApiKeyById } from "../auth/api-keys";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { idPattern } from "../lib/ids";
import { authenticate } from "./authenticate";

/**
 * Browsers cannot set headers on a WebSocket, so the socket route also accepts a single-use
 * `?ticket=` issued by the workspace's hub; anything else authenticates as usual. A ticket issued
 * to an API key opens the socket as that key (never as its creator), so it acts with the key's role.
 */
export function authenticateOrTicket(): MiddlewareHandler<AppEnv> {
  const viaHeader = authenticate();
  return async function authenticateOrTicket(c, next) {
    const ticket = c.req.query("ticket");
    if (!ticket) return viaHeader(c, next);
    const workspaceId = c.req.param("id") ?? "";
    if (!/^tkt_[0-9a-f]{32}$/.test(ticket) || !idPattern("ws").test(workspaceId))
      throw unauthorized("invalid_ticket", "The ticket is invalid, used or expired.");
    const hub = c.env.WORKSPACE_HUB.get(c.env.WORKSPACE_HUB.idFromName(workspaceId));
    const holder = await hub.redeemTicket(ticket);
    if (!holder) throw unauthorized("invalid_ticket", "The ticket is invalid, used or expired.");
    if (holder.keyId) {
      const key = await findActiveApiKeyById(c.env, workspaceId, holder.keyId);
      if (!key) throw unauthorized("invalid_ticket", "The ticket is invalid, used or expired.");
      c.set("principal", {
        kind: "apiKey",
        keyId: key.id,
        workspaceId: key.workspaceId,
        role: key.role,
        userId: key.createdBy,
      });
    } else {
      c.set("principal", { kind: "user", userId: holder.userId, sessionId: "ticket" });
    }
    await next();
  };
}
