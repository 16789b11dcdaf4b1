import { createRoute, z } from "@hono/zod-openapi";
import { BEARER_ONLY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PUBLIC_ROUTE, USER_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { rateLimitByIp } from "../../middleware/rate-limit";
import { requireUser } from "../../middleware/require-user";

const Email = z.string().trim().max(254).email();
const Password = z.string().min(10).max(256).openapi({ description: "10 to 256 characters." });

export const SessionTokens = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().openapi({ description: "Access token lifetime in seconds." }),
    refreshToken: z.string(),
    refreshExpiresAt: z.string().datetime(),
  })
  .openapi("SessionTokens");

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    personalWorkspaceId: z.string(),
    createdAt: z.string().datetime(),
    emailVerified: z.boolean().openapi({
      description:
        "Whether the user confirmed the email through the verification mail (or an SSO issuer vouched for it).",
    }),
  })
  .openapi("User");

const Identity = z
  .object({ issuer: z.string(), subject: z.string(), email: z.string(), createdAt: z.string().datetime() })
  .openapi("SsoIdentity");

const RegisterBody = z
  .strictObject({ email: Email, password: Password, name: z.string().trim().min(1).max(100) })
  .openapi("RegisterRequest");
const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) }).openapi("LoginRequest");
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) }).openapi("RefreshRequest");
const IdToken = z.string().min(1).max(8192);
const SsoBody = z.strictObject({ idToken: IdToken }).openapi("SsoRequest");
const SsoLinkBody = z
  .strictObject({
    idToken: IdToken,
    password: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: "The account's password; required when the account has one." }),
  })
  .openapi("SsoLinkRequest");
const ConfirmEmailBody = z.strictObject({ token: z.string().min(1).max(200) }).openapi("ConfirmEmailRequest");

const tags = ["Auth"];

export const register = createRoute({
  method: "post",
  path: "/api/v1/auth/register",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Create an account (and its personal workspace)",
  middleware: [rateLimitByIp("register"), jsonBody()],
  request: jsonRequest(RegisterBody),
  responses: {
    201: jsonResponse(z.object({ user: User, tokens: SessionTokens }), "Account created and signed in"),
    ...problems(400, 409, 413, 415, 422, 429),
  },
});

export const login = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Sign in with email and password",
  middleware: [rateLimitByIp("login"), jsonBody()],
  request: jsonRequest(LoginBody),
  responses: { 200: jsonResponse(SessionTokens, "Signed in"), ...problems(400, 401, 413, 415, 422, 429) },
});

export const sso = createRoute({
  method: "post",
  path: "/api/v1/auth/sso",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Exchange an enterprise SSO ID token for a Zukai session",
  description:
    "The token must come from an issuer in SSO_ISSUERS; it is verified against that issuer's JWKS. It signs in to the account its (issuer, subject) is linked to. " +
    "Unlinked, it links to the account with its email only when the issuer says the email is verified and the account verified it too; otherwise 409 `sso_link_required` " +
    "(sign in with the password and call /api/v1/auth/sso/link). With no account for the email, the first use creates one.",
  middleware: [rateLimitByIp("sso"), jsonBody()],
  request: jsonRequest(SsoBody),
  responses: { 200: jsonResponse(SessionTokens, "Signed in"), ...problems(400, 401, 403, 409, 413, 415, 422, 429) },
});

export const ssoLink = createRoute({
  method: "post",
  path: "/api/v1/auth/sso/link",
  ...USER_ROUTE,
  tags,
  summary: "Link an SSO identity to the signed-in account",
  description:
    "Proves both sides at once: the caller's session (and password, when the account has one) and an ID token from a trusted issuer. Later SSO sign-ins with that identity reach this account.",
  security: BEARER_ONLY,
  middleware: [rateLimitByIp("sso-link"), authenticate(), requireUser(), jsonBody()],
  request: jsonRequest(SsoLinkBody),
  responses: { 201: jsonResponse(Identity, "Linked"), ...problems(400, 401, 403, 409, 413, 415, 422, 429) },
});

export const requestEmailVerification = createRoute({
  method: "post",
  path: "/api/v1/auth/email-verification",
  ...USER_ROUTE,
  tags,
  summary: "Send a new verification link to the signed-in user's email",
  description:
    "The link is single-use and valid for 24 hours; earlier links stop working. Registration sends the first one.",
  security: BEARER_ONLY,
  middleware: [authenticate(), requireUser()],
  responses: {
    202: jsonResponse(z.object({ email: z.string(), expiresAt: z.string().datetime() }), "Verification mail sent"),
    ...problems(401, 409, 429),
  },
});

export const confirmEmailVerification = createRoute({
  method: "post",
  path: "/api/v1/auth/email-verification/confirm",
  ...USER_ROUTE,
  tags,
  summary: "Confirm the signed-in user's email with the token from the verification link",
  description:
    "Needs the session of the account the link was sent for, so a link clicked by someone else verifies nothing.",
  security: BEARER_ONLY,
  middleware: [authenticate(), requireUser(), jsonBody()],
  request: jsonRequest(ConfirmEmailBody),
  responses: { 200: jsonResponse(User, "Email verified"), ...problems(400, 401, 409, 410, 413, 415, 422) },
});

export const refresh = createRoute({
  method: "post",
  path: "/api/v1/auth/refresh",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Rotate a refresh token for a new token pair",
  middleware: [rateLimitByIp("refresh"), jsonBody()],
  request: jsonRequest(RefreshBody),
  responses: { 200: jsonResponse(SessionTokens, "New token pair"), ...problems(400, 401, 413, 415, 422, 429) },
});

export const logout = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  ...PUBLIC_ROUTE,
  tags,
  summary: "End the session a refresh token belongs to",
  middleware: [jsonBody()],
  request: jsonRequest(RefreshBody),
  responses: { 204: { description: "Signed out" }, ...problems(400, 413, 415, 422) },
});

export const me = createRoute({
  method: "get",
  path: "/api/v1/me",
  ...USER_ROUTE,
  tags,
  summary: "The signed-in user",
  security: BEARER_ONLY,
  middleware: [authenticate()],
  responses: { 200: jsonResponse(User, "The user"), ...problems(401) },
});
