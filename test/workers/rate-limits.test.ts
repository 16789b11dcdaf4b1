/**
 * Rate limits through the public API: exactly L of N concurrent requests pass, buckets refill
 * over time, the IETF RateLimit headers describe both buckets, and a 429 carries Retry-After.
 * Limits come from the plan; small ones are set as enterprise terms (an operator action).
 */
import { describe, expect, it } from "vitest";
import { api, expectProblem, PASSWORD, registerUser } from "./helpers";
import { putEnterpriseTerms } from "./operator";

/** Parses `"name";r=1;t=2, "other";r=3;t=4` into { name: { r: 1, t: 2 }, … }. */
function parseItems(field: string | null): Record<string, Record<string, number>> {
  const items: Record<string, Record<string, number>> = {};
  for (const item of (field ?? "").split(/,\s*/)) {
    const [name, ...params] = item.split(";");
    items[JSON.parse(name!)] = Object.fromEntries(params.map((p) => [p.split("=")[0]!, Number(p.split("=")[1])]));
  }
  return items;
}

const hourly = (capacity: number) => ({ capacity, windowSeconds: 3600 });

describe("per-credential limit", () => {
  it("lets exactly L of N concurrent requests through and refuses the rest with 429 and Retry-After", async () => {
    const user = await registerUser("rl-exact");
    await putEnterpriseTerms(user.workspaceId, { rateLimits: { credential: hourly(7) } });
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => api(`/api/v1/workspaces/${user.workspaceId}`, { token: user.accessToken })),
    );
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length).toBe(7);
    expect(limited.length).toBe(18);
    for (const res of limited) {
      expectProblem(res, 429, "rate_limited");
      expect(res.body).toMatchObject({ quota: "rate_limit_credential", limit: 7, windowSeconds: 3600 });
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    }
    const policy = parseItems(ok[0]!.headers.get("RateLimit-Policy"));
    expect(policy).toEqual({ workspace: { q: 10_000, w: 60 }, credential: { q: 7, w: 3600 } });
    const remaining = ok.map((r) => parseItems(r.headers.get("RateLimit")).credential!.r!).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("refills over time: one token per window/capacity seconds", async () => {
    const user = await registerUser("rl-refill");
    await putEnterpriseTerms(user.workspaceId, { rateLimits: { credential: { capacity: 2, windowSeconds: 2 } } });
    const get = () => api(`/api/v1/workspaces/${user.workspaceId}`, { token: user.accessToken });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const refused = await get();
    expectProblem(refused, 429, "rate_limited");
    expect(refused.headers.get("Retry-After")).toBe("1");
    expect(parseItems(refused.headers.get("RateLimit")).credential).toMatchObject({ r: 0 });
    await new Promise((r) => setTimeout(r, 1100));
    const refilled = await get();
    expect(refilled.status).toBe(200);
    expect((await get()).status).toBe(429);
  });
});

describe("per-workspace limit", () => {
  it("is shared by every credential of the workspace, and a refusal costs the other bucket nothing", async () => {
    const user = await registerUser("rl-ws");
    await putEnterpriseTerms(user.workspaceId, {
      rateLimits: { workspace: hourly(12), credential: hourly(1000) },
    });
    const keys = await Promise.all(
      ["a", "b"].map(
        async (name) =>
          (
            await api(`/api/v1/workspaces/${user.workspaceId}/api-keys`, {
              token: user.accessToken,
              json: { name, role: "viewer" },
            })
          ).body.key as string,
      ),
    );
    // Two keys were created with the owner's token: 2 of the 12 are gone.
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api(`/api/v1/workspaces/${user.workspaceId}`, { token: keys[i % 2] })),
    );
    expect(responses.filter((r) => r.status === 200).length).toBe(10);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.body).toMatchObject({ quota: "rate_limit_workspace", limit: 12 });
    // A refused request takes from no bucket: the credential buckets paid for the 10 that passed only.
    const next = await Promise.all(keys.map((key) => api(`/api/v1/workspaces/${user.workspaceId}`, { token: key })));
    expect(next.map((r) => r.status)).toEqual([429, 429]);
    const left = next.map((r) => parseItems(r.headers.get("RateLimit")).credential!.r);
    expect(left[0]! + left[1]!).toBe(2 * 1000 - 10);
  });

  it("keeps tenants apart: one workspace's exhausted bucket does not slow another", async () => {
    const [a, b] = await Promise.all([registerUser("rl-a"), registerUser("rl-b")]);
    await putEnterpriseTerms(a.workspaceId, { rateLimits: { workspace: hourly(3) } });
    await Promise.all(
      Array.from({ length: 6 }, () => api(`/api/v1/workspaces/${a.workspaceId}`, { token: a.accessToken })),
    );
    expect((await api(`/api/v1/workspaces/${a.workspaceId}`, { token: a.accessToken })).status).toBe(429);
    const other = await api(`/api/v1/workspaces/${b.workspaceId}`, { token: b.accessToken });
    expect(other.status).toBe(200);
    expect(parseItems(other.headers.get("RateLimit-Policy")).workspace).toEqual({ q: 600, w: 60 });
  });
});

describe("sign-in brute force", () => {
  it("stops password guessing on one account from one address after 10 attempts, and from many after 50", async () => {
    const user = await registerUser("rl-login");
    const fromOne = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        api("/api/v1/auth/login", {
          json: { email: user.email, password: `wrong ${i}` },
          headers: { "CF-Connecting-IP": "203.0.113.1" },
        }),
      ),
    );
    expect(fromOne.filter((r) => r.status === 401).length).toBe(10);
    expect(fromOne.filter((r) => r.status === 429).length).toBe(4);
    const fromMany = await Promise.all(
      Array.from({ length: 44 }, (_, i) =>
        api("/api/v1/auth/login", {
          json: { email: user.email, password: `wrong ${i}` },
          headers: { "CF-Connecting-IP": `203.0.113.${i + 2}` },
        }),
      ),
    );
    // The global bucket (50 per hour for addresses the account never signed in from) had 40 left.
    expect(fromMany.filter((r) => r.status === 401).length).toBe(40);
    expect(fromMany.filter((r) => r.status === 429).length).toBe(4);
    // A new address waits until the global bucket refills, even with the right password.
    const right = await api("/api/v1/auth/login", {
      json: { email: user.email, password: PASSWORD },
      headers: { "CF-Connecting-IP": "192.0.2.1" },
    });
    expectProblem(right, 429, "rate_limited");
    expect(right.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});
