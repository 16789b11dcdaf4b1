/**
 * Issue 16's probe of sign-in: SSO must not take over a password account that never proved its
 * email, the sign-in limiter must not hand out lockouts, and answers that carry tokens, keys,
 * secrets or member data must not be cached.
 */
import { env } from "cloudflare:test";
import { importJWK, SignJWT } from "jose";
import { afterEach, describe, expect, inject, it } from "vitest";
import { setClock } from "../../../workers/lib/time";
import { api, expectProblem, PASSWORD, registerUser, uniqueEmail } from "../helpers";
import "../provided-context";
import { sec } from "./owasp";
import { probe } from "./surface";

const ISSUER = "https://sso.example.test";
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An ID token from the test issuer (test/fixtures/sso-issuer.ts) for `email`. */
async function idToken(email: string, claims: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(JSON.parse(inject("ssoPrivateJwk")), "ES256");
  const payload = {
    iss: ISSUER,
    aud: "zukai",
    sub: `emp-${crypto.randomUUID()}`,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
    email,
    name: "Alice",
    ...claims,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: "sso-1" }).sign(key);
}

/** Registers `email` with a password from `ip`; returns the session's access token and the user id. */
async function registerAs(email: string, ip = "198.51.100.1"): Promise<{ token: string; userId: string }> {
  const res = await api("/api/v1/auth/register", {
    json: { email, password: PASSWORD, name: "someone" },
    headers: { "CF-Connecting-IP": ip },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token: res.body.tokens.accessToken, userId: res.body.user.id };
}

/** The token in the newest verification mail the outbox holds for `email` (the local mail transport). */
async function mailedToken(email: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT action_url FROM outbox WHERE recipient = ? AND subject LIKE 'Confirm your email%' ORDER BY id DESC LIMIT 1",
  )
    .bind(email)
    .first<{ action_url: string }>();
  expect(row?.action_url).toMatch(/\/verify-email#token=zev_/);
  return row!.action_url.split("#token=")[1]!;
}

async function verify(email: string, token: string) {
  return probe("/api/v1/auth/email-verification/confirm", { token, json: { token: await mailedToken(email) } });
}

const sso = (token: string) => probe("/api/v1/auth/sso", { json: { idToken: token } });
const meOf = async (accessToken: string) => (await api("/api/v1/me", { token: accessToken })).body;

let restoreClock: (() => void) | undefined;
afterEach(() => restoreClock?.());

describe("SSO and password accounts", () => {
  it(
    sec(
      "API2",
      "SSO with the email of an unverified password account answers 409 sso_link_required, never that account",
    ),
    async () => {
      const email = uniqueEmail("alice");
      const attacker = await registerAs(email);
      const res = await sso(await idToken(email, { email_verified: true }));
      expectProblem(res, 409, "sso_link_required");
      expect(res.body).toMatchObject({ reason: "account_email_unverified", linkEndpoint: "/api/v1/auth/sso/link" });
      expect(res.body.accessToken).toBeUndefined();
      // Nothing was linked on the way: the same identity is refused again, and the password still works.
      expectProblem(await sso(await idToken(email, { email_verified: true })), 409, "sso_link_required");
      expect((await meOf(attacker.token)).emailVerified).toBe(false);
    },
  );

  it(
    sec(
      "API2",
      "once the signed-in holder verifies the email, SSO links by email and later signs in by (issuer, subject)",
    ),
    async () => {
      const email = uniqueEmail("verified");
      const owner = await registerAs(email);
      const confirmed = await verify(email, owner.token);
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body).toMatchObject({ id: owner.userId, emailVerified: true });
      const sub = `emp-${crypto.randomUUID()}`;
      const first = await sso(await idToken(email, { sub, email_verified: true }));
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect((await meOf(first.body.accessToken)).id).toBe(owner.userId);
      // The issuer's email changes: the link, not the email, decides.
      const moved = await sso(await idToken(uniqueEmail("renamed"), { sub }));
      expect((await meOf(moved.body.accessToken)).id).toBe(owner.userId);
    },
  );

  it(sec("API2", "an issuer that says email_verified false links by no email and claims no new address"), async () => {
    const email = uniqueEmail("issuer-no");
    const owner = await registerAs(email);
    expect((await verify(email, owner.token)).status).toBe(200);
    const refused = await sso(await idToken(email, { email_verified: false }));
    expectProblem(refused, 409, "sso_link_required");
    expect(refused.body.reason).toBe("issuer_email_unverified");
    expectProblem(
      await sso(await idToken(uniqueEmail("nobody"), { email_verified: false })),
      403,
      "sso_email_unverified",
    );
  });

  it(sec("API2", "a password account links SSO explicitly with its session and its password"), async () => {
    const email = uniqueEmail("linker");
    const owner = await registerAs(email);
    const sub = `emp-${crypto.randomUUID()}`;
    const token = await idToken(email, { sub, email_verified: true });
    expectProblem(
      await probe("/api/v1/auth/sso/link", { json: { idToken: token, password: PASSWORD } }),
      401,
      "missing_credentials",
    );
    expectProblem(
      await probe("/api/v1/auth/sso/link", { token: owner.token, json: { idToken: token } }),
      403,
      "reauthentication_required",
    );
    expectProblem(
      await probe("/api/v1/auth/sso/link", {
        token: owner.token,
        json: { idToken: token, password: "not the password" },
      }),
      401,
      "invalid_credentials",
    );
    const linked = await probe("/api/v1/auth/sso/link", {
      token: owner.token,
      json: { idToken: token, password: PASSWORD },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body).toMatchObject({ issuer: ISSUER, subject: sub });
    const signedIn = await sso(await idToken(email, { sub }));
    expect((await meOf(signedIn.body.accessToken)).id).toBe(owner.userId);
    // The identity cannot be moved to a second account.
    const other = await registerUser("other");
    const stolen = await probe("/api/v1/auth/sso/link", {
      token: other.accessToken,
      json: { idToken: await idToken(email, { sub }), password: PASSWORD },
    });
    expectProblem(stolen, 409, "identity_linked_elsewhere");
  });

  it(sec("API5", "an API key cannot link identities or verify emails, whatever body it sends"), async () => {
    const owner = await registerUser("keyholder");
    const key = (
      await api(`/api/v1/workspaces/${owner.workspaceId}/api-keys`, {
        token: owner.accessToken,
        json: { name: "ci", role: "admin" },
      })
    ).body.key;
    for (const path of [
      "/api/v1/auth/sso/link",
      "/api/v1/auth/email-verification",
      "/api/v1/auth/email-verification/confirm",
    ]) {
      expectProblem(await probe(path, { token: key, json: {} }), 401, "user_token_required");
    }
  });
});

describe("email verification", () => {
  it(
    sec("API2", "a verification link works once, only for its own signed-in account, and not after it expires"),
    async () => {
      const email = uniqueEmail("once");
      const owner = await registerAs(email);
      const token = await mailedToken(email);
      const stranger = await registerUser("stranger");
      expectProblem(await probe("/api/v1/auth/email-verification/confirm", { json: { token } }), 401);
      expectProblem(
        await probe("/api/v1/auth/email-verification/confirm", { token: stranger.accessToken, json: { token } }),
        400,
        "invalid_verification_token",
      );
      restoreClock = setClock(() => Date.now() + 25 * 3600_000);
      expectProblem(
        await probe("/api/v1/auth/email-verification/confirm", { token: owner.token, json: { token } }),
        410,
        "verification_token_expired",
      );
      restoreClock();
      restoreClock = undefined;
      expect(
        (await probe("/api/v1/auth/email-verification/confirm", { token: owner.token, json: { token } })).status,
      ).toBe(200);
      expectProblem(
        await probe("/api/v1/auth/email-verification/confirm", { token: owner.token, json: { token } }),
        409,
        "verification_token_used",
      );
      expectProblem(
        await probe("/api/v1/auth/email-verification", { method: "POST", token: owner.token }),
        409,
        "email_already_verified",
      );
    },
  );

  it(sec("API2", "a new verification mail stores only a hash and retires the earlier link"), async () => {
    const email = uniqueEmail("resend");
    const owner = await registerAs(email);
    const first = await mailedToken(email);
    const sent = await probe("/api/v1/auth/email-verification", { method: "POST", token: owner.token });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ email, expiresAt: expect.any(String) });
    const second = await mailedToken(email);
    expect(second).not.toBe(first);
    const stored = await env.DB.prepare("SELECT token_hash FROM email_verifications WHERE user_id = ?")
      .bind(owner.userId)
      .all<{ token_hash: string }>();
    expect(stored.results.map((r) => r.token_hash).join()).not.toContain(second);
    expectProblem(
      await probe("/api/v1/auth/email-verification/confirm", { token: owner.token, json: { token: first } }),
      400,
      "invalid_verification_token",
    );
    expect(
      (await probe("/api/v1/auth/email-verification/confirm", { token: owner.token, json: { token: second } })).status,
    ).toBe(200);
  });
});

describe("sign-in limits without lockouts", () => {
  const guess = (email: string, ip: string, password = "wrong password") =>
    api("/api/v1/auth/login", { json: { email, password }, headers: { "CF-Connecting-IP": ip } });

  it(
    sec(
      "API4",
      "guessing from many addresses stalls at the account's global bucket, and the owner still signs in from their usual address",
    ),
    async () => {
      const email = uniqueEmail("lockout");
      await registerAs(email, "198.51.100.7");
      const attempts = await Promise.all(
        Array.from({ length: 56 }, (_, i) => guess(email, `203.0.${113 + Math.floor(i / 200)}.${(i % 200) + 1}`)),
      );
      expect(attempts.filter((r) => r.status === 401).length).toBe(50);
      expect(attempts.filter((r) => r.status === 429).length).toBe(6);
      expectProblem(await guess(email, "192.0.2.99", PASSWORD), 429, "rate_limited");
      const owner = await guess(email, "198.51.100.7", PASSWORD);
      expect(owner.status, JSON.stringify(owner.body)).toBe(200);
      expect(owner.headers.get("RateLimit-Policy")).toBe(`"account-address";q=10;w=300`);
    },
  );

  it(sec("API4", "addresses in one IPv6 /64 share a bucket"), async () => {
    const email = uniqueEmail("v6");
    await registerAs(email);
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) statuses.push((await guess(email, `2001:db8:5:6::${i.toString(16)}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await guess(email, "2001:db8:5:7::1")).status).toBe(401);
  });
});

describe("Cache-Control", () => {
  it(
    sec(
      "API8",
      "answers with tokens, keys, secrets, member emails or problems are no-store; public docs are left alone",
    ),
    async () => {
      const email = uniqueEmail("cache");
      const registered = await api("/api/v1/auth/register", { json: { email, password: PASSWORD, name: "cache" } });
      const { accessToken, refreshToken } = registered.body.tokens;
      const workspaceId = registered.body.user.personalWorkspaceId;
      const answers = {
        register: registered,
        login: await api("/api/v1/auth/login", { json: { email, password: PASSWORD } }),
        refresh: await api("/api/v1/auth/refresh", { json: { refreshToken } }),
        sso: await api("/api/v1/auth/sso", { json: { idToken: await idToken(uniqueEmail("cache-sso")) } }),
        me: await api("/api/v1/me", { token: accessToken }),
        apiKey: await api(`/api/v1/workspaces/${workspaceId}/api-keys`, {
          token: accessToken,
          json: { name: "ci", role: "editor" },
        }),
        webhookSecret: await api(`/api/v1/workspaces/${workspaceId}/webhook-secret`, { token: accessToken }),
        members: await api(`/api/v1/workspaces/${workspaceId}/members`, { token: accessToken }),
        problem: await api("/api/v1/me"),
        unknownRoute: await api("/api/v1/nothing-here"),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect(res.status, `${name}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(
          name === "problem" || name === "unknownRoute" ? 500 : 300,
        );
        expect(res.headers.get("Cache-Control"), name).toBe("no-store");
      }
      expect((await api("/api/v1/openapi.json")).headers.get("Cache-Control")).not.toBe("no-store");
      expect((await api("/docs")).headers.get("Cache-Control")).not.toBe("no-store");
    },
  );
});
