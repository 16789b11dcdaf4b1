/**
 * API2 broken authentication, beyond test/workers/jwt-attacks.test.ts and auth.test.ts (alg none,
 * expiry, nbf, iss/aud/typ, unknown kid, HS/ES confusion, refresh reuse, password guessing):
 * alg spelled otherwise, embedded or remote keys (jwk/jku/x5u), kid injection, unknown critical
 * headers, tokens of the wrong kind or in the wrong place, and an SSO ID token without a signature.
 */
import { env } from "cloudflare:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { registerUser, type TestUser } from "../helpers";
import "../provided-context";
import { sec } from "./owasp";
import { probe } from "./surface";

const b64url = (value: unknown) =>
  btoa(typeof value === "string" ? value : JSON.stringify(value))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const decodePart = (part: string) => JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));

async function hmac(secret: Uint8Array, input: string, hash = "SHA-256"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
  return btoa(String.fromCharCode(...signature))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Signs header.payload with the deployment's real HS secret: only the header's trick can make it fail. */
async function forge(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  hash = "SHA-256",
): Promise<string> {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${await hmac(new TextEncoder().encode(env.JWT_SECRET), input, hash)}`;
}

let user: TestUser;
let header: Record<string, unknown>;
let claims: Record<string, unknown>;

beforeAll(async () => {
  user = await registerUser("api2");
  const [h, p] = user.accessToken.split(".");
  header = decodePart(h!);
  claims = decodePart(p!);
});

async function expectRejected(token: string, context: string, codes = ["invalid_token"]) {
  const res = await probe("/api/v1/me", { token });
  expect(res.status, `${context}: ${JSON.stringify(res.body)}`).toBe(401);
  expect(codes, context).toContain(res.body.code);
  expect(res.headers.get("WWW-Authenticate"), context).toMatch(/^Bearer/);
}

describe("API2 access tokens (RFC 8725)", () => {
  it(sec("API2", "the control: the genuine token, re-signed faithfully, is accepted"), async () => {
    expect((await probe("/api/v1/me", { token: await forge(header, claims) })).status).toBe(200);
  });

  it(sec("API2", "alg none in any spelling, empty alg and HS512 with the right secret are refused"), async () => {
    for (const alg of ["none", "None", "NONE", "nOnE"])
      await expectRejected(`${b64url({ ...header, alg })}.${b64url(claims)}.`, `alg ${alg}`);
    await expectRejected(await forge({ ...header, alg: "" }, claims), "alg empty");
    await expectRejected(await forge({ ...header, alg: "HS512" }, claims, "SHA-512"), "alg HS512");
    await expectRejected(await forge({ ...header, alg: "HS384" }, claims, "SHA-384"), "alg HS384");
  });

  it(sec("API2", "keys embedded in the header (jwk) or fetched from it (jku, x5u) are never trusted"), async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    const attacker = (extra: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: header.typ as string, ...extra }).sign(privateKey);
    const before = await (await fetch(`${inject("remoteOrigin")}/hits`)).json<number>();
    await expectRejected(await attacker({ jwk }), "embedded jwk");
    await expectRejected(await attacker({ jku: `${inject("remoteOrigin")}/jwks.json`, kid: "attacker" }), "jku");
    await expectRejected(await attacker({ x5u: `${inject("remoteOrigin")}/cert.pem` }), "x5u");
    // And with the HS algorithm, a kid-less header carrying a jwk is refused before any lookup.
    await expectRejected(await forge({ alg: "HS256", typ: header.typ, jwk }, claims), "HS with jwk and no kid");
    const after = await (await fetch(`${inject("remoteOrigin")}/hits`)).json<number>();
    expect(after - before, "the API fetched a URL named in a token header").toBe(0);
  });

  it(sec("API2", "kid injection (path traversal, SQL, huge, non-string) is refused"), async () => {
    for (const kid of ["../../../../dev/null", "' OR '1'='1", "hs-000000000000' --", 42, ["hs"], null]) {
      await expectRejected(await forge({ ...header, kid }, claims), `kid ${JSON.stringify(kid)}`);
    }
    // A token past the length the API reads at all is refused as no credentials.
    await expectRejected(await forge({ ...header, kid: "x".repeat(10_000) }, claims), "huge kid", [
      "invalid_token",
      "missing_credentials",
    ]);
  });

  it(sec("API2", "an unknown critical header, a missing typ and a missing exp are refused"), async () => {
    await expectRejected(await forge({ ...header, crit: ["zukai-ext"], "zukai-ext": true }, claims), "crit");
    const { typ: _typ, ...untyped } = header;
    await expectRejected(await forge(untyped, claims), "typ missing");
    const { exp: _exp, ...forever } = claims;
    await expectRejected(await forge(header, forever), "exp missing");
  });

  it(sec("API2", "tokens of the wrong kind or in the wrong place are refused"), async () => {
    // A refresh token is not an access token, and an access token refreshes nothing.
    const asAccess = await probe("/api/v1/me", { token: user.refreshToken });
    expect(asAccess.status).toBe(401);
    const asRefresh = await probe("/api/v1/auth/refresh", { json: { refreshToken: user.accessToken } });
    expect([401, 422]).toContain(asRefresh.status);
    // Tokens in the URL end up in logs: they are not read from there.
    for (const query of [`access_token=${user.accessToken}`, `token=${user.accessToken}`]) {
      const res = await probe(`/api/v1/me?${query}`);
      expect(res.status, query.split("=")[0]).toBe(401);
    }
    // Other schemes, and the token without one.
    for (const authorization of [
      `Basic ${btoa(`${user.email}:x`)}`,
      user.accessToken,
      `Token ${user.accessToken}`,
      `Bearer ${user.accessToken} extra`,
    ]) {
      const res = await probe("/api/v1/me", { headers: { Authorization: authorization } });
      expect(res.status, authorization.slice(0, 12)).toBe(401);
    }
  });

  it(sec("API2", "an SSO ID token with alg none or signed by the deployment's own secret is refused"), async () => {
    const now = Math.floor(Date.now() / 1000);
    const idClaims = {
      iss: "https://sso.example.test",
      aud: "zukai",
      sub: "emp-x",
      email: "x@corp.example",
      iat: now,
      exp: now + 300,
    };
    const unsigned = `${b64url({ alg: "none", kid: "sso-1" })}.${b64url(idClaims)}.`;
    const res = await probe("/api/v1/auth/sso", { json: { idToken: unsigned } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_sso_token");
    const hs = await forge({ alg: "HS256", kid: "sso-1" }, idClaims);
    expect((await probe("/api/v1/auth/sso", { json: { idToken: hs } })).status).toBe(401);
  });

  it(sec("API2", "a logged-out session's refresh token stays dead, and so does its family"), async () => {
    const session = await registerUser("api2-logout");
    const rotated = await probe("/api/v1/auth/refresh", { json: { refreshToken: session.refreshToken } });
    expect(rotated.status).toBe(200);
    expect((await probe("/api/v1/auth/logout", { json: { refreshToken: rotated.body.refreshToken } })).status).toBe(
      204,
    );
    for (const token of [rotated.body.refreshToken, session.refreshToken]) {
      const res = await probe("/api/v1/auth/refresh", { json: { refreshToken: token } });
      expect(res.status).toBe(401);
    }
  });
});
