/**
 * API5 function-level authorisation, beyond authorization-matrix.test.ts (every route × eight
 * tenant callers) and admin.test.ts: operator routes refuse every tenant credential, including an
 * owner's own API key, and the other operator secret; path spellings and method-override headers
 * do not reach a function by another door.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "../helpers";
import { addMember, createKey, createTeam, type Team } from "../rbac-fixtures";
import { sec } from "./owasp";
import { idKind, type Operation, operations, probe, unknownId, workspaceScoped } from "./surface";

let team: Team;
let ownerKey: string;
let viewerToken: string;
let operatorOps: Operation[];

beforeAll(async () => {
  team = await createTeam("api5");
  ownerKey = (await createKey(team, "owner").catch(() => createKey(team, "admin"))).key;
  viewerToken = (await addMember(team, "viewer", "apifive")).accessToken;
  operatorOps = (await operations()).filter((o) => o.permission === "operator");
});

const fill = (op: Operation) =>
  op.pathParams.reduce((p, param) => p.replace(`{${param.name}}`, unknownId(idKind(param.pattern) ?? "x")), op.path);

describe("API5 operator functions", () => {
  it(
    sec(
      "API5",
      "every operator route refuses anonymous callers, owner tokens, owner API keys and the other operator secret",
    ),
    async () => {
      expect(operatorOps.map((o) => o.path)).toEqual(expect.arrayContaining(["/metrics", "/api/v1/admin/status"]));
      for (const op of operatorOps) {
        const path = fill(op);
        const wrongSecret = path === "/metrics" ? env.ADMIN_TOKEN : env.METRICS_TOKEN;
        for (const [who, token] of [
          ["anonymous", undefined],
          ["owner", team.owner.accessToken],
          ["owner key", ownerKey],
          ["other operator secret", wrongSecret],
        ] as const) {
          const res = await probe(path, {
            method: op.method.toUpperCase(),
            token,
            headers: { "Zukai-Workspace": team.id },
            ...(op.method === "get" ? {} : { json: {} }),
          });
          expect([401, 403], `${op.method.toUpperCase()} ${path} as ${who} → ${res.status}`).toContain(res.status);
        }
      }
    },
  );

  it(sec("API5", "other spellings of an operator path do not bypass its check"), async () => {
    const spellings = [
      "/api/v1/admin/status/",
      "/API/V1/ADMIN/STATUS",
      "//api/v1/admin/status",
      "/api/v1/admin/./status",
      "/api/v1/x/../admin/status",
      "/api/v1/%61dmin/status",
      "/api/v1/admin%2Fstatus",
      "/metrics/",
      "/METRICS",
      "/metrics;x=1",
    ];
    for (const path of spellings) {
      const response = await SELF.fetch(BASE + path, {
        headers: { Authorization: `Bearer ${team.owner.accessToken}` },
      });
      const text = await response.text();
      expect([401, 403, 404], `${path} → ${response.status} ${text.slice(0, 200)}`).toContain(response.status);
      expect(text).not.toMatch(/zukai_|runner|deadJobs/i);
    }
  });

  it(
    sec("API5", "method-override headers and HEAD do not turn a read into a write, or open an operator route"),
    async () => {
      const project = await probe("/api/v1/projects", {
        token: team.owner.accessToken,
        headers: { "Zukai-Workspace": team.id },
        json: { name: "api5 keep" },
      });
      expect(project.status).toBe(201);
      for (const header of ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"]) {
        const res = await probe(`/api/v1/projects/${project.body.id}?_method=DELETE`, {
          token: viewerToken,
          headers: { "Zukai-Workspace": team.id, [header]: "DELETE" },
        });
        expect(res.status, header).toBe(200);
        const post = await probe(`/api/v1/projects/${project.body.id}`, {
          method: "POST",
          token: viewerToken,
          headers: { "Zukai-Workspace": team.id, [header]: "DELETE" },
          json: {},
        });
        expect([403, 404, 405], `${header} on POST → ${post.status}`).toContain(post.status);
      }
      expect(
        (
          await probe(`/api/v1/projects/${project.body.id}`, {
            token: team.owner.accessToken,
            headers: { "Zukai-Workspace": team.id },
          })
        ).status,
      ).toBe(200);
      for (const path of ["/metrics", "/api/v1/admin/status"]) {
        const head = await SELF.fetch(BASE + path, {
          method: "HEAD",
          headers: { Authorization: `Bearer ${team.owner.accessToken}` },
        });
        expect([401, 403, 404, 405], `HEAD ${path}`).toContain(head.status);
      }
    },
  );

  it(
    sec("API5", "a viewer is refused every workspace write route its role lacks with 403, and nothing changes"),
    async () => {
      const held = new Set<string>(
        (await probe(`/api/v1/workspaces/${team.id}`, { token: viewerToken })).body.permissions,
      );
      expect(held.size).toBeGreaterThan(0);
      const writes = (await operations()).filter(
        (o) =>
          o.method !== "get" &&
          o.path.startsWith("/api/v1/workspaces/{id}") &&
          o.pathParams.length === 1 &&
          workspaceScoped(o) &&
          !held.has(o.permission!),
      );
      expect(writes.length).toBeGreaterThan(8);
      const before = await probe(`/api/v1/workspaces/${team.id}`, { token: team.owner.accessToken });
      for (const op of writes) {
        const path = op.path.replace("{id}", team.id);
        const res = await probe(path, {
          method: op.method.toUpperCase(),
          token: viewerToken,
          ...(op.jsonBody ? { json: {} } : {}),
        });
        expect(
          res.status,
          `${op.method.toUpperCase()} ${op.path} as viewer → ${JSON.stringify(res.body).slice(0, 200)}`,
        ).toBe(403);
        expect(res.body.code).toBe("forbidden");
      }
      const after = await probe(`/api/v1/workspaces/${team.id}`, { token: team.owner.accessToken });
      expect({ ...after.body, updatedAt: undefined }).toEqual({ ...before.body, updatedAt: undefined });
    },
  );
});
