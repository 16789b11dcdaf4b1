import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import { api, expectProblem, registerUser } from "./helpers";

describe("API hygiene", () => {
  it("puts a request id on every response, echoing a safe one", async () => {
    const plain = await api("/healthz");
    expect(plain.headers.get("X-Request-Id")).toMatch(/^req_/);
    const echoed = await api("/healthz", { headers: { "X-Request-Id": "client-trace-12345" } });
    expect(echoed.headers.get("X-Request-Id")).toBe("client-trace-12345");
    const unsafe = await api("/healthz", { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
    expect(unsafe.headers.get("X-Request-Id")).toMatch(/^req_/);
  });

  it("reports the Worker's own time on every API response in Server-Timing, refusals included", async () => {
    const user = await registerUser("timing");
    const answered = await api("/api/v1/jobs", { token: user.accessToken });
    expect(answered.status).toBe(200);
    const refused = await api("/api/v1/jobs");
    expect(refused.status).toBe(401);
    for (const res of [answered, refused]) expect(res.headers.get("Server-Timing")).toMatch(/^app;dur=\d+\.\d$/);
  });

  it("answers malformed JSON with 400", async () => {
    expectProblem(
      await api("/api/v1/auth/login", { body: '{"email": "a@b.c", ', headers: { "Content-Type": "application/json" } }),
      400,
      "malformed_json",
    );
  });

  it("answers a wrong content type with 415", async () => {
    const res = await api("/api/v1/auth/login", {
      body: "email=a@b.c&password=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expectProblem(res, 415, "unsupported_media_type");
    expectProblem(await api("/api/v1/auth/login", { body: "{}" }), 415, "unsupported_media_type");
  });

  it("answers an oversized body with 413, whether Content-Length says so or not", async () => {
    const big = JSON.stringify({ email: "a@b.c", password: "x".repeat(2 * 1024 * 1024) });
    expectProblem(
      await api("/api/v1/auth/login", { body: big, headers: { "Content-Type": "application/json" } }),
      413,
      "payload_too_large",
    );
    const stream = new Blob([big]).stream();
    const chunked = await api("/api/v1/auth/login", { body: stream, headers: { "Content-Type": "application/json" } });
    expectProblem(chunked, 413, "payload_too_large");
  });

  it("refuses unknown fields on strict bodies with 422 naming them", async () => {
    const res = await api("/api/v1/auth/register", {
      json: { email: "x@y.example", password: "long enough password", name: "x", role: "owner" },
    });
    expectProblem(res, 422, "validation_failed");
    expect(JSON.stringify(res.body.errors)).toContain("role");
  });

  it("answers NUL bytes and junk in ids with 4xx, never 500", async () => {
    const user = await registerUser("nul");
    for (const id of ["ws_%00", "ws_0000000000000000000000000%00", "%00", "..%2F..%2Fetc", `ws_${"a".repeat(5000)}`]) {
      const res = await api(`/api/v1/workspaces/${id}`, { token: user.accessToken });
      expect(res.status, id).toBeGreaterThanOrEqual(400);
      expect(res.status, id).toBeLessThan(500);
      expect(res.headers.get("Content-Type")).toMatch(/problem\+json/);
    }
  });

  it("answers unknown routes with a 404 problem", async () => {
    expectProblem(await api("/api/v1/nope"), 404, "route_not_found");
  });

  it("serves liveness and readiness with D1, R2 and the queue checked", async () => {
    expect((await api("/healthz")).body).toEqual({ status: "ok" });
    const ready = await api("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ d1: { ok: true }, r2: { ok: true }, queue: { ok: true } });
  });

  it("serves the OpenAPI 3.1 document with security schemes, and the docs page", async () => {
    const doc = await api("/api/v1/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.components.securitySchemes)).toEqual(expect.arrayContaining(["bearerAuth", "apiKey"]));
    // Inventory: the router and the document list the same operations, so no route is undocumented.
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const routed = createApp()
      .routes.filter((r) => r.method !== "ALL" && !["/api/v1/openapi.json", "/docs"].includes(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect([...new Set(routed)].sort()).toEqual(documented);
    expect(documented.length).toBeGreaterThan(10);

    const docs = await api("/docs");
    expect(docs.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(docs.body).toContain("/api/v1/openapi.json");
  });
});
