import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";

/**
 * Refuses API keys on routes about a person (their sign-in methods, their email), before the body
 * is read: a key acts for a workspace, so its request is wrong whatever it sends.
 */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUser(c, next) {
    if (c.get("principal").kind !== "user")
      throw unauthorized("user_token_required", "Sign in as a user; API keys act for a workspace.");
    await next();
  };
}
