import { describe, expect, it } from "vitest";
import { api, expectProblem, PASSWORD, registerUser, uniqueEmail } from "./helpers";

describe("sessions", () => {
  it("register → login → refresh → use → logout", async () => {
    const user = await registerUser("alice");
    const login = await api("/api/v1/auth/login", { json: { email: user.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });

    const refreshed = await api("/api/v1/auth/refresh", { json: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);

    const me = await api("/api/v1/me", { token: refreshed.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.userId, email: user.email });

    expect((await api("/api/v1/auth/logout", { json: { refreshToken: refreshed.body.refreshToken } })).status).toBe(
      204,
    );
    expectProblem(
      await api("/api/v1/auth/refresh", { json: { refreshToken: refreshed.body.refreshToken } }),
      401,
      "session_revoked",
    );
  });

  it("reuse of a rotated refresh token revokes the whole family", async () => {
    const user = await registerUser("bob");
    const first = await api("/api/v1/auth/refresh", { json: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    // The stolen original is replayed: the family dies, including the legitimate successor.
    expectProblem(
      await api("/api/v1/auth/refresh", { json: { refreshToken: user.refreshToken } }),
      401,
      "refresh_token_reused",
    );
    expectProblem(
      await api("/api/v1/auth/refresh", { json: { refreshToken: first.body.refreshToken } }),
      401,
      "session_revoked",
    );
  });

  it("two concurrent refreshes with one token yield at most one live successor", async () => {
    const user = await registerUser("race");
    const results = await Promise.all(
      [1, 2, 3].map(() => api("/api/v1/auth/refresh", { json: { refreshToken: user.refreshToken } })),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const winner of winners) {
      // Losing requests revoked the family, so even the winner's token is dead now.
      expectProblem(await api("/api/v1/auth/refresh", { json: { refreshToken: winner.body.refreshToken } }), 401);
    }
  });

  it("wrong password and unknown email both answer the same 401", async () => {
    const user = await registerUser("carol");
    const wrong = await api("/api/v1/auth/login", { json: { email: user.email, password: "not the password" } });
    const unknown = await api("/api/v1/auth/login", { json: { email: uniqueEmail("ghost"), password: PASSWORD } });
    expectProblem(wrong, 401, "invalid_credentials");
    expectProblem(unknown, 401, "invalid_credentials");
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it("duplicate registration answers 409, also with different case", async () => {
    const user = await registerUser("dup");
    const again = await api("/api/v1/auth/register", {
      json: { email: user.email.toUpperCase(), password: PASSWORD, name: "again" },
    });
    expectProblem(again, 409, "email_taken");
  });

  it("registration creates a personal workspace owned by the user", async () => {
    const user = await registerUser("owner");
    const ws = await api(`/api/v1/workspaces/${user.workspaceId}`, { token: user.accessToken });
    expect(ws.status).toBe(200);
    expect(ws.body).toMatchObject({ id: user.workspaceId, kind: "personal", role: "owner" });
  });

  it("limits password guesses per account and address", async () => {
    const user = await registerUser("target");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await api("/api/v1/auth/login", { json: { email: user.email, password: `guess-${i}-xxxxxx` } })).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const blocked = await api("/api/v1/auth/login", { json: { email: user.email, password: PASSWORD } });
    expectProblem(blocked, 429, "rate_limited");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The guesses come from the address that registered, which the account's global bucket does not count.
    expect(blocked.headers.get("RateLimit-Policy")).toBe(`"account-address";q=10;w=300`);
  });
});
