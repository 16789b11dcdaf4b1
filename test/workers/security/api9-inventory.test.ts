/**
 * API9 inventory: the router and the OpenAPI document list the same operations (no undocumented
 * route, no documented route that does not exist), every operation declares its security and its
 * permission, and the document's own serving routes are the only exceptions.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../workers/app";
import { sec } from "./owasp";
import { METHODS, openApiDocument } from "./surface";

/** Routes that serve the documentation itself, not the API. */
const DOCUMENTATION_ROUTES = new Set(["GET /api/v1/openapi.json", "GET /docs"]);

/** Hono's `/a/:id{regex}` → OpenAPI's `/a/{id}`. */
const toTemplate = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

describe("API9 inventory", () => {
  it(sec("API9", "the router's routes and the OpenAPI document list the same operations"), async () => {
    const doc = await openApiDocument();
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const method of METHODS) if (item[method]) documented.add(`${method.toUpperCase()} ${path}`);
    // Middleware registrations (`ALL /*`) are not routes.
    const routed = new Set(
      createApp()
        .routes.filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${toTemplate(r.path)}`),
    );
    expect(documented.size).toBeGreaterThan(40);
    expect(
      [...routed].filter((r) => !documented.has(r) && !DOCUMENTATION_ROUTES.has(r)),
      "routes missing from the OpenAPI document",
    ).toEqual([]);
    expect(
      [...documented].filter((d) => !routed.has(d)),
      "documented operations no route serves",
    ).toEqual([]);
    for (const route of DOCUMENTATION_ROUTES) expect(routed.has(route), route).toBe(true);
  });

  it(
    sec("API9", "every operation declares its security, permission, its 401 and an id pattern for each path id"),
    async () => {
      const doc = await openApiDocument();
      const problems: string[] = [];
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        for (const method of METHODS) {
          const op = item[method];
          if (!op) continue;
          const name = `${method.toUpperCase()} ${path}`;
          if (!op["x-permission"]) problems.push(`${name}: no x-permission`);
          if (op["x-permission"] !== "none" && !(op.security ?? doc.security)?.length)
            problems.push(`${name}: no security scheme`);
          // A route that checks credentials documents how it refuses them.
          if (op["x-permission"] !== "none" && !Object.keys(op.responses ?? {}).some((s) => s === "401"))
            problems.push(`${name}: no 401 response documented`);
          for (const param of (op.parameters ?? []).filter((p: any) => p.in === "path")) {
            if (!param.schema?.pattern && !param.schema?.enum && param.name !== "roleId")
              problems.push(`${name}: path parameter ${param.name} has no pattern`);
          }
        }
      }
      expect(problems, problems.join("\n")).toEqual([]);
    },
  );

  it(sec("API9", "one API version is served: no stale /api/v0 or unversioned aliases answer"), async () => {
    const { SELF } = await import("cloudflare:test");
    for (const path of ["/api/v0/me", "/api/v2/me", "/api/me", "/v1/me", "/api/v1/../v0/me"]) {
      const res = await SELF.fetch(`https://zukai.test${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(404);
    }
  });
});
