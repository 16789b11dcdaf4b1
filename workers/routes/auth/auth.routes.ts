import { createRoute, z } from "@hono/zod-openapi";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { rateLimitByIp } from "../../middleware/rate-limit";
import { BEARER_ONLY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PUBLIC_ROUTE, USER_ROUTE } from "../../lib/route-permission";

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
  .object({ id: z.string(), email: z.string(), name: z.string(), personalWorkspaceId: z.string(), createdAt: z.string().datetime() })
  .openapi("User");

const RegisterBody = z.strictObject({ email: Email, password: Password, name: z.string().trim().min(1).max(100) }).openapi("RegisterRequest");
const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) }).openapi("LoginRequest");
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) }).openapi("RefreshRequest");
const SsoBody = z.strictObject({ idToken: z.string().min(1).max(8192) }).openapi("SsoRequest");

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
  description: "The token must come from an issuer in SSO_ISSUERS; it is verified against that issuer's JWKS. First use creates the account.",
  middleware: [rateLimitByIp("sso"), jsonBody()],
  request: jsonRequest(SsoBody),
  responses: { 200: jsonResponse(SessionTokens, "Signed in"), ...problems(400, 401, 413, 415, 422, 429) },
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
