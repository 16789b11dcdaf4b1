/**
 * RFC 8725 attacks on the access token: each must answer 401. Forged tokens are built by hand
 * (base64url header.payload.signature) so that nothing in jose protects us by accident.
 */
import { env } from "cloudflare:test";
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import "./provided-context";
import { accessTokenKeys, verifyAccessToken } from "../../workers/auth/access-tokens";
import { api, expectProblem, registerUser, type TestUser } from "./helpers";

const b64url = (value: unknown) =>
  btoa(typeof value === "string" ? value : JSON.stringify(value))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function decode(token: string) {
  const [header, payload, signature] = token.split(".");
  const parse = (part: string) => JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));
  return { header: parse(header!), payload: parse(payload!), signature: signature! };
}

async function hmac(secret: Uint8Array, input: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
  return btoa(String.fromCharCode(...signature))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

const secret = () => new TextEncoder().encode(env.JWT_SECRET);

async function forge(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: Uint8Array = secret(),
): Promise<string> {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${await hmac(key, input)}`;
}

let user: TestUser;
let header: Record<string, unknown>;
let claims: Record<string, unknown>;

beforeAll(async () => {
  user = await registerUser("jwt");
  ({ header, payload: claims } = decode(user.accessToken));
});

const now = () => Math.floor(Date.now() / 1000);

async function expectRejected(token: string) {
  expectProblem(await api("/api/v1/me", { token }), 401, "invalid_token");
}

describe("access token attacks", () => {
  it("accepts the genuine token and a faithful re-signing of it (the forgery helper is right)", async () => {
    expect((await api("/api/v1/me", { token: user.accessToken })).status).toBe(200);
    expect((await api("/api/v1/me", { token: await forge(header, claims) })).status).toBe(200);
  });

  it("rejects alg: none", async () => {
    await expectRejected(`${b64url({ ...header, alg: "none" })}.${b64url(claims)}.`);
  });

  it("rejects an expired token", async () => {
    await expectRejected(await forge(header, { ...claims, iat: now() - 3600, nbf: now() - 3600, exp: now() - 60 }));
  });

  it("rejects a token not yet valid (future nbf)", async () => {
    await expectRejected(await forge(header, { ...claims, nbf: now() + 3600 }));
  });

  it("rejects a wrong issuer, audience or type", async () => {
    await expectRejected(await forge(header, { ...claims, iss: "https://evil.example" }));
    await expectRejected(await forge(header, { ...claims, aud: "another-api" }));
    await expectRejected(await forge({ ...header, typ: "JWT" }, claims));
  });

  it("rejects an unknown kid", async () => {
    await expectRejected(await forge({ ...header, kid: "hs-000000000000" }, claims));
  });

  it("rejects a tampered payload", async () => {
    const [h, , s] = user.accessToken.split(".");
    await expectRejected(`${h}.${b64url({ ...claims, sub: "usr_00000000000000000000000000" })}.${s}`);
  });

  it("rejects a token signed with another environment's secret", async () => {
    await expectRejected(
      await forge(header, claims, new TextEncoder().encode("another-environment-secret-0123456789abcdef")),
    );
  });

  it("rejects an RS256/ES256 token when HS256 is configured", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT(claims).setProtectedHeader({ ...header, alg: "ES256" } as never).sign(privateKey);
    await expectRejected(token);
  });

  it("with ES256 configured, rejects HS256 signed with the public key (algorithm confusion)", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: "es-1", alg: "ES256" };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: "es-1", alg: "ES256" };
    const keys = await accessTokenKeys({
      JWT_ALGORITHM: "ES256",
      JWT_SECRET: "",
      JWT_PRIVATE_JWK: JSON.stringify(privateJwk),
      JWT_PUBLIC_JWKS: JSON.stringify({ keys: [publicJwk] }),
    });
    const expected = { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
    const esHeader = { alg: "ES256", kid: "es-1", typ: "at+jwt" };
    const genuine = await new SignJWT(claims).setProtectedHeader(esHeader).sign(await importJWK(privateJwk, "ES256"));
    await expect(verifyAccessToken(genuine, keys, expected)).resolves.toMatchObject({ sub: user.userId });

    const confusions = [
      new TextEncoder().encode(JSON.stringify(publicJwk)),
      new TextEncoder().encode(await exportSPKI(publicKey)),
    ];
    for (const publicBytes of confusions) {
      const forged = await forge({ ...esHeader, alg: "HS256" }, claims, publicBytes);
      await expect(verifyAccessToken(forged, keys, expected)).rejects.toMatchObject({
        status: 401,
        code: "invalid_token",
      });
    }
  });

  it("rejects garbage and an empty bearer", async () => {
    await expectRejected("not.a.jwt");
    expectProblem(await api("/api/v1/me", { headers: { Authorization: "Bearer " } }), 401, "missing_credentials");
    expectProblem(await api("/api/v1/me"), 401, "missing_credentials");
  });
});

describe("enterprise SSO", () => {
  async function ssoToken(overrides: Record<string, unknown> = {}) {
    const key = await importJWK(JSON.parse(inject("ssoPrivateJwk")), "ES256");
    const standard = { iss: "https://sso.example.test", aud: "zukai", sub: "emp-42", iat: now(), exp: now() + 300 };
    const identity = { email: `sso-${crypto.randomUUID()}@corp.example`, name: "SSO User" };
    return new SignJWT({ ...standard, ...identity, ...overrides })
      .setProtectedHeader({ alg: "ES256", kid: "sso-1" })
      .sign(key);
  }

  it("exchanges an ID token verified against the issuer's remote JWKS for a session", async () => {
    const res = await api("/api/v1/auth/sso", { json: { idToken: await ssoToken() } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const me = await api("/api/v1/me", { token: res.body.accessToken });
    expect(me.body.email).toMatch(/@corp\.example$/);
  });

  it("rejects wrong audience, untrusted issuer and a foreign signature", async () => {
    expectProblem(
      await api("/api/v1/auth/sso", { json: { idToken: await ssoToken({ aud: "other" }) } }),
      401,
      "invalid_sso_token",
    );
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ email: "x@corp.example" })
      .setProtectedHeader({ alg: "ES256", kid: "sso-1" })
      .setIssuer("https://sso.example.test")
      .setAudience("zukai")
      .setSubject("x")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    expectProblem(await api("/api/v1/auth/sso", { json: { idToken: foreign } }), 401, "invalid_sso_token");
    const untrusted = await ssoToken({ iss: "https://evil.example" });
    expectProblem(await api("/api/v1/auth/sso", { json: { idToken: untrusted } }), 401, "invalid_sso_token");
  });
});
