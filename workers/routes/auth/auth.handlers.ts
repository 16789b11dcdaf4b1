import type { Context } from "hono";
import {
  authenticatePassword,
  checkUserPassword,
  createAccount,
  findUserById,
  hasPassword,
  normalizeEmail,
  type UserRecord,
} from "../../auth/accounts";
import { confirmEmailVerification as confirmVerification, sendVerificationEmail } from "../../auth/email-verification";
import { linkIdentity, userForSsoIdentity } from "../../auth/identities";
import { endSession, rotateSession, startSession } from "../../auth/sessions";
import { verifySsoToken } from "../../auth/sso";
import type { AppEnv } from "../../lib/context";
import { AppError, unauthorized } from "../../lib/errors";
import type { AppRouteHandler as Handler } from "../../lib/router";
import { enforceRateLimit, enforceSignInLimit, recordSignIn } from "../../middleware/rate-limit";
import type * as routes from "./auth.routes";

const VERIFICATION_MAILS_PER_USER = { capacity: 5, windowSeconds: 3600 };

/** The user resource: the stored record, with verification as a yes/no. */
function toUser(user: UserRecord) {
  const { emailVerifiedAt, ...rest } = user;
  return { ...rest, emailVerified: emailVerifiedAt !== null };
}

/** Where mailed links point: the configured public origin, else the one this request came to. */
function publicOrigin(c: Context<AppEnv>): string {
  return (c.env as Env & { PUBLIC_ORIGIN?: string }).PUBLIC_ORIGIN || new URL(c.req.url).origin;
}

/** The signed-in user behind a user access token (API keys act for a workspace, not a person). */
async function signedInUser(c: Context<AppEnv>): Promise<UserRecord> {
  const principal = c.get("principal");
  if (principal.kind !== "user")
    throw unauthorized("user_token_required", "Sign in as a user; API keys act for a workspace.");
  const user = await findUserById(c.env, principal.userId);
  if (!user) throw unauthorized("invalid_token", "The token's user no longer exists.");
  return user;
}

export const register: Handler<typeof routes.register> = async (c) => {
  const body = c.req.valid("json");
  const user = await createAccount(c.env, body);
  // The first verification mail; a mail failure must not undo the account (the user can ask again).
  await sendVerificationEmail(c.env, user, publicOrigin(c)).catch((error: unknown) =>
    console.error(JSON.stringify({ event: "verification_mail_failed", userId: user.id, error: String(error) })),
  );
  await recordSignIn(c, user.email);
  const tokens = await startSession(c.env, user.id);
  return c.json({ user: toUser(user), tokens }, 201, { Location: "/api/v1/me" });
};

export const login: Handler<typeof routes.login> = async (c) => {
  const { email, password } = c.req.valid("json");
  await enforceSignInLimit(c, normalizeEmail(email));
  const user = await authenticatePassword(c.env, email, password);
  await recordSignIn(c, user.email);
  return c.json(await startSession(c.env, user.id), 200);
};

export const sso: Handler<typeof routes.sso> = async (c) => {
  const identity = await verifySsoToken(c.env, c.req.valid("json").idToken);
  const user = await userForSsoIdentity(c.env, identity);
  return c.json(await startSession(c.env, user.id), 200);
};

export const ssoLink: Handler<typeof routes.ssoLink> = async (c) => {
  const user = await signedInUser(c);
  const { idToken, password } = c.req.valid("json");
  const identity = await verifySsoToken(c.env, idToken);
  // Adding a way to sign in is a credential change: a password account proves its password again,
  // so a stolen access token alone cannot plant the thief's identity on it.
  if (password === undefined) {
    if (await hasPassword(c.env, user.id)) {
      throw new AppError(
        403,
        "reauthentication_required",
        "Forbidden",
        "Send the account's password with the ID token to link it.",
      );
    }
  } else {
    await enforceSignInLimit(c, user.email);
    if (!(await checkUserPassword(c.env, user.id, password)))
      throw unauthorized("invalid_credentials", "The password is wrong.");
  }
  return c.json(await linkIdentity(c.env, user.id, identity), 201);
};

export const requestEmailVerification: Handler<typeof routes.requestEmailVerification> = async (c) => {
  const user = await signedInUser(c);
  if (!user.emailVerifiedAt)
    await enforceRateLimit(c, `verify-mail:${user.id}`, VERIFICATION_MAILS_PER_USER, "verification-mail");
  return c.json(await sendVerificationEmail(c.env, user, publicOrigin(c)), 202);
};

export const confirmEmailVerification: Handler<typeof routes.confirmEmailVerification> = async (c) => {
  const user = await signedInUser(c);
  const verifiedAt = await confirmVerification(c.env, user, c.req.valid("json").token);
  return c.json(toUser({ ...user, emailVerifiedAt: verifiedAt }), 200);
};

export const refresh: Handler<typeof routes.refresh> = async (c) => {
  return c.json(await rotateSession(c.env, c.req.valid("json").refreshToken), 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  await endSession(c.env, c.req.valid("json").refreshToken);
  return c.body(null, 204);
};

export const me: Handler<typeof routes.me> = async (c) => {
  return c.json(toUser(await signedInUser(c)), 200);
};
