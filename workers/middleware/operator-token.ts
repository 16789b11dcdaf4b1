import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { timingSafeEqual } from "../lib/crypto";
import { unauthorized } from "../lib/errors";
import { markPermission } from "../lib/route-permission";

/** Operator secrets: METRICS_TOKEN lets a Prometheus scrape /metrics, ADMIN_TOKEN opens /api/v1/admin/*. */
export type OperatorSecret = "METRICS_TOKEN" | "ADMIN_TOKEN";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/**
 * Requires `Authorization: Bearer <secret>` for operator endpoints. These act on the whole
 * platform, not one workspace, so they use a deployment secret rather than a user's role. An unset
 * or short secret opens nothing. Digests are compared so neither length nor content leaks by timing.
 */
export function requireOperatorToken(secret: OperatorSecret): MiddlewareHandler<AppEnv> {
  const check: MiddlewareHandler<AppEnv> = async function requireOperatorToken(c, next) {
    const expected = c.env[secret] ?? "";
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(c.req.header("Authorization") ?? "");
    if (!match) throw unauthorized("missing_credentials", `Send 'Authorization: Bearer <${secret}>'.`);
    if (expected.length < 16 || !timingSafeEqual(await digest(match[1]!), await digest(expected))) {
      throw unauthorized("invalid_operator_token", "The operator token is not valid for this endpoint.");
    }
    await next();
  };
  // Declares the route's permission as "operator" in the OpenAPI document (lib/route-permission.ts).
  return markPermission(check, "operator");
}
