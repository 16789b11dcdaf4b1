import { authenticatePassword, createAccount, findUserByEmail, findUserById } from "../../auth/accounts";
import { endSession, rotateSession, startSession } from "../../auth/sessions";
import { verifySsoToken } from "../../auth/sso";
import { unauthorized } from "../../lib/errors";
import { enforceRateLimit } from "../../middleware/rate-limit";
import type { AppRouteHandler as Handler } from "../../lib/router";
import type * as routes from "./auth.routes";

const LOGIN_ATTEMPTS_PER_EMAIL = { capacity: 10, windowSeconds: 300 };

export const register: Handler<typeof routes.register> = async (c) => {
  const body = c.req.valid("json");
  const user = await createAccount(c.env, body);
  const tokens = await startSession(c.env, user.id);
  return c.json({ user, tokens }, 201, { Location: "/api/v1/me" });
};

export const login: Handler<typeof routes.login> = async (c) => {
  const { email, password } = c.req.valid("json");
  // Per-account limit on top of the per-IP one: a distributed guess at one password still stops.
  await enforceRateLimit(c, `login:${email.toLowerCase()}`, LOGIN_ATTEMPTS_PER_EMAIL, "account");
  const user = await authenticatePassword(c.env, email, password);
  return c.json(await startSession(c.env, user.id), 200);
};

export const sso: Handler<typeof routes.sso> = async (c) => {
  const identity = await verifySsoToken(c.env, c.req.valid("json").idToken);
  // Just-in-time provisioning: the issuer vouches for the email, so the first sign-in creates the account.
  const user =
    (await findUserByEmail(c.env, identity.email)) ??
    (await createAccount(c.env, { email: identity.email, name: identity.name, sso: { issuer: identity.issuer, subject: identity.subject } }));
  return c.json(await startSession(c.env, user.id), 200);
};

export const refresh: Handler<typeof routes.refresh> = async (c) => {
  return c.json(await rotateSession(c.env, c.req.valid("json").refreshToken), 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  await endSession(c.env, c.req.valid("json").refreshToken);
  return c.body(null, 204);
};

export const me: Handler<typeof routes.me> = async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "user") throw unauthorized("user_token_required", "Sign in as a user; API keys act for a workspace.");
  const user = await findUserById(c.env, principal.userId);
  if (!user) throw unauthorized("invalid_token", "The token's user no longer exists.");
  return c.json(user, 200);
};
