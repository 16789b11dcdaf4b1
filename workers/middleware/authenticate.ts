import type { MiddlewareHandler } from "hono";
import { accessTokenKeys, verifyAccessToken } from "../auth/access-tokens";
import { API_KEY_PREFIX, findActiveApiKey, touchApiKey } from "../auth/api-keys";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";

/** Reads the bearer credential: a workspace API key (`zk_…`) or a Zukai access token (JWT). */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header);
    if (!match) throw unauthorized("missing_credentials", "Send 'Authorization: Bearer <token or API key>'.");
    const credential = match[1]!;

    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await findActiveApiKey(c.env, credential);
      if (!key) throw unauthorized("invalid_api_key", "The API key is invalid or revoked.");
      c.set("principal", {
        kind: "apiKey",
        keyId: key.id,
        workspaceId: key.workspaceId,
        role: key.role,
        userId: key.createdBy,
      });
      c.executionCtx.waitUntil(touchApiKey(c.env, key));
    } else {
      const keys = await accessTokenKeys(c.env);
      const claims = await verifyAccessToken(credential, keys, {
        issuer: c.env.JWT_ISSUER,
        audience: c.env.JWT_AUDIENCE,
      });
      c.set("principal", { kind: "user", userId: claims.sub, sessionId: claims.sid });
    }
    await next();
  };
}
