/**
 * API8 security misconfiguration: the security headers on every kind of answer (JSON, problem,
 * HTML docs, the OpenAPI document, NDJSON/CSV exports, the console's files), the CORS policy, no
 * stack traces or internals in errors, and TRACE / unknown methods. (Every answer of the suite
 * also passes surface.ts `inspect`, which checks the headers and looks for stack traces.)
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, registerUser, type TestUser } from "../helpers";
import { sec } from "./owasp";
import { probe, REQUIRED_HEADERS } from "./surface";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("api8");
});

async function raw(path: string, init: RequestInit = {}) {
  const response = await SELF.fetch(BASE + path, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function expectSecurityHeaders(headers: Headers, context: string) {
  for (const [name, pattern] of Object.entries(REQUIRED_HEADERS))
    expect(headers.get(name) ?? "", `${context}: ${name}`).toMatch(pattern);
  expect(headers.get("x-powered-by"), `${context}: x-powered-by`).toBeNull();
}

describe("API8 headers", () => {
  it(sec("API8", "security headers on JSON, problem, HTML docs, OpenAPI, health, NDJSON and CSV answers"), async () => {
    const auth = { Authorization: `Bearer ${user.accessToken}` };
    const cases: [string, RequestInit, RegExp][] = [
      ["/api/v1/me", { headers: auth }, /^application\/json/],
      ["/api/v1/nope", {}, /^application\/problem\+json/],
      ["/api/v1/me", {}, /^application\/problem\+json/],
      ["/docs", {}, /^text\/html/],
      ["/api/v1/openapi.json", {}, /^application\/json/],
      ["/healthz", {}, /^application\/json/],
      [`/api/v1/workspaces/${user.workspaceId}/usage/events.ndjson`, { headers: auth }, /^application\/(x-)?ndjson/],
      [`/api/v1/workspaces/${user.workspaceId}/audit-log/export`, { headers: auth }, /./],
    ];
    for (const [path, init, type] of cases) {
      const res = await raw(path, init);
      expect(res.headers.get("content-type") ?? "", `${path} content type`).toMatch(type);
      expectSecurityHeaders(res.headers, path);
    }
  });

  it(sec("API8", "the HTML docs page is not framable and sniffs nothing"), async () => {
    const res = await raw("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-frame-options")).toMatch(/DENY|SAMEORIGIN/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.text).not.toMatch(/<script[^>]+src=["']https?:/i); // no third-party script
  });

  it(
    sec("API8", "the web console's files (or the fallback that answers for them) carry the security headers"),
    async () => {
      for (const path of ["/", "/index.html", "/console/projects"]) {
        const res = await raw(path);
        expect(res.status, path).toBeLessThan(500);
        expectSecurityHeaders(res.headers, path);
      }
    },
  );
});

describe("API8 CORS", () => {
  it(
    sec("API8", "no wildcard or reflected origin with credentials, and a foreign preflight is not granted"),
    async () => {
      const evil = "https://evil.example";
      for (const path of ["/api/v1/me", "/api/v1/openapi.json", "/api/v1/auth/login", "/healthz"]) {
        const res = await raw(path, { headers: { Origin: evil, Authorization: `Bearer ${user.accessToken}` } });
        const allowOrigin = res.headers.get("access-control-allow-origin");
        expect(allowOrigin, path).not.toBe(evil);
        if (allowOrigin === "*") expect(res.headers.get("access-control-allow-credentials"), path).not.toBe("true");
        const preflight = await raw(path, {
          method: "OPTIONS",
          headers: {
            Origin: evil,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
          },
        });
        expect(preflight.status, `${path} preflight`).toBeLessThan(500);
        expect(preflight.headers.get("access-control-allow-origin"), `${path} preflight`).not.toBe(evil);
        expect(preflight.headers.get("access-control-allow-credentials"), `${path} preflight`).not.toBe("true");
        expect(preflight.headers.get("access-control-allow-headers") ?? "", `${path} preflight`).not.toMatch(
          /authorization/i,
        );
      }
    },
  );
});

describe("API8 errors and methods", () => {
  it(sec("API8", "TRACE and methods a route does not have are refused without echoing the request"), async () => {
    for (const method of ["TRACE", "PUT", "PATCH"]) {
      const res = await raw("/api/v1/me", {
        method,
        headers: { Authorization: `Bearer ${user.accessToken}`, "X-Echo-Me": "secret-header-value" },
      });
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.status, method).toBeLessThan(500);
      expect(res.text, method).not.toContain("secret-header-value");
      expect(res.text, method).not.toContain(user.accessToken);
    }
  });

  it(sec("API8", "errors show no stack, source path, SQL or runtime internals"), async () => {
    const attempts = await Promise.all([
      probe("/api/v1/projects/prj_%00%27%22", { token: user.accessToken }),
      probe("/api/v1/projects", {
        token: user.accessToken,
        headers: { "Content-Type": "application/json" },
        body: '{"name":',
      }),
      probe("/api/v1/projects?limit=abc&cursor=%ff%fe", { token: user.accessToken }),
      probe(`/api/v1/jobs?cursor=${encodeURIComponent("' OR 1=1 --")}`, { token: user.accessToken }),
      probe("/api/v1/projects", { token: user.accessToken, json: { name: { $gt: "" } } }),
    ]);
    for (const res of attempts) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toMatch(
        /SQLITE|D1_|sqlite_|workerd|\/work\/|node_modules|TypeError|ReferenceError/i,
      );
    }
  });
});
