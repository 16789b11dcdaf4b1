/**
 * API1 BOLA, beyond test/workers/tenant-isolation.test.ts (which puts B's ids in every path
 * parameter, query filter and body field with B's workspace in the path): here A names ITS OWN
 * workspace in the path and B's object in the next parameter (the confused deputy), names B's
 * workspace in the Zukai-Workspace header of every flat route, restores B's export by id, reuses
 * B's Idempotency-Key, and carries a WebSocket ticket from one workspace to another.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, BASE } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import { addMember, createKey, createRole, createTeam, type Team } from "../rbac-fixtures";
import { sec } from "./owasp";
import {
  deref,
  idKind,
  type Operation,
  operations,
  probe,
  sample,
  unknownId,
  WRITE_METHODS,
  workspaceScoped,
} from "./surface";

let a: Team;
let b: Team;
let ops: Operation[];
/** B's real object ids by kind. */
const bObjects = new Map<string, string>();

const asB = (path: string, json?: unknown, method?: string) =>
  probe(path, {
    token: b.owner.accessToken,
    headers: { "Zukai-Workspace": b.id },
    ...(json === undefined ? {} : { json }),
    ...(method ? { method } : {}),
  });

beforeAll(async () => {
  [a, b] = await Promise.all([createTeam("bola-a"), createTeam("bola-b")]);
  await Promise.all([putEnterpriseTerms(a.id, {}), putEnterpriseTerms(b.id, {})]);
  ops = await operations();
  const created = async (kind: string, res: Promise<ApiResponse>) => {
    const { status, body } = await res;
    expect([200, 201, 202], `${kind}: ${status} ${JSON.stringify(body)}`).toContain(status);
    bObjects.set(kind, body.id);
    return body;
  };
  const project = await created("prj", asB("/api/v1/projects", { name: "B project" }));
  const diagram = await created(
    "dgm",
    asB("/api/v1/generate-diagram", { text: "B plans. Then B builds. Finally B ships.", projectId: project.id }),
  );
  bObjects.set("job", diagram.jobId);
  await created(
    "bat",
    asB("/api/v1/batch", { items: [{ kind: "diagram", request: { text: "A causes B. B causes C." } }] }),
  );
  await created("cmt", asB(`/api/v1/projects/${project.id}/comments`, { body: "B's comment" }));
  await created("dsh", asB(`/api/v1/workspaces/${b.id}/dashboards`, { name: "B dashboard" }));
  await created(
    "inv",
    asB(`/api/v1/workspaces/${b.id}/invitations`, { email: `b-invitee-${Date.now()}@example.test`, role: "viewer" }),
  );
  await created(
    "ach",
    asB(`/api/v1/workspaces/${b.id}/alert-channels`, { kind: "email", name: "B mail", to: "ops@example.test" }),
  );
  const rule = {
    name: "B rule",
    metric: "job_failure_rate",
    threshold: 50,
    windowMinutes: 60,
    steps: [{ channelIds: [bObjects.get("ach")] }],
  };
  await created("alr", asB(`/api/v1/workspaces/${b.id}/alert-rules`, rule));
  await created("exp", asB(`/api/v1/workspaces/${b.id}/exports`, undefined, "POST"));
  bObjects.set("key", (await createKey(b, "viewer")).id);
  bObjects.set("rol", await createRole(b, "b-role", ["jobs:read"]));
  bObjects.set("usr", (await addMember(b, "viewer", "bmember")).userId);
}, 120_000);

/** A body the route accepts as far as its schema goes (required fields, else its first field). */
function bodyFor(op: Operation): unknown {
  if (!WRITE_METHODS.has(op.method) || !op.jsonBody) return undefined;
  const schema = deref(op.jsonBody);
  const value = (sample(schema) ?? {}) as Record<string, unknown>;
  if (Object.keys(value).length === 0 && schema?.properties) {
    const [first] = Object.keys(schema.properties);
    if (first) value[first] = sample(schema.properties[first]) ?? "x";
  }
  return value;
}

const comparable = (res: ApiResponse) => ({
  status: res.status,
  code: res.body?.code,
  title: res.body?.title,
  detail: res.body?.detail,
});

describe("API1 beyond tenant-isolation", () => {
  it(
    sec(
      "API1",
      "A's own workspace in the path with B's member, key, role, invitation, dashboard, alert or export id answers like an unknown id",
    ),
    async () => {
      const checked: string[] = [];
      for (const op of ops.filter((o) => o.path.startsWith("/api/v1/workspaces/{id}/") && o.pathParams.length === 2)) {
        const [, inner] = op.pathParams as [Operation["pathParams"][0], Operation["pathParams"][0]];
        const kind = inner.name === "roleId" ? "rol" : idKind(inner.pattern);
        const real = kind ? bObjects.get(kind) : undefined;
        if (!kind || !real) continue; // incidents and dead jobs: no way to make one for B here
        const fill = (id: string) => op.path.replace("{id}", a.id).replace(`{${inner.name}}`, id);
        const init = (_path: string) => ({
          method: op.method.toUpperCase(),
          token: a.owner.accessToken,
          ...(op.jsonBody ? { json: bodyFor(op) } : {}),
        });
        const withB = await probe(fill(real), init(fill(real)));
        const missing = await probe(fill(unknownId(kind)), init(fill(unknownId(kind))));
        const context = `${op.method.toUpperCase()} ${fill(real)} → ${withB.status} ${JSON.stringify(withB.body).slice(0, 200)}`;
        if (!(op.jsonBody && withB.status === 422)) expect(withB.status, context).toBe(404);
        expect(comparable(withB), context).toEqual(comparable(missing));
        checked.push(`${op.method} ${op.path}`);
      }
      expect(checked.length, checked.join("\n")).toBeGreaterThanOrEqual(12);
      // B's objects are all still there and unchanged.
      expect((await asB(`/api/v1/workspaces/${b.id}/dashboards/${bObjects.get("dsh")}`)).status).toBe(200);
      expect(
        (await asB(`/api/v1/workspaces/${b.id}/members`)).body.items.some(
          (m: any) => (m.userId ?? m.id) === bObjects.get("usr"),
        ),
      ).toBe(true);
    },
  );

  it(
    sec(
      "API1",
      "B's workspace in the Zukai-Workspace header of every flat route (reads and writes) answers 404 like an unknown workspace",
    ),
    async () => {
      const flat = ops.filter(
        (o) => o.path.startsWith("/api/v1/") && !o.path.startsWith("/api/v1/workspaces") && workspaceScoped(o),
      );
      expect(flat.length).toBeGreaterThan(10);
      for (const op of flat) {
        const path = op.pathParams.reduce(
          (p, param) => p.replace(`{${param.name}}`, unknownId(idKind(param.pattern) ?? "x")),
          op.path,
        );
        const init = (workspace: string) => ({
          method: op.method.toUpperCase(),
          token: a.owner.accessToken,
          headers: { "Zukai-Workspace": workspace },
          ...(op.jsonBody ? { json: bodyFor(op) } : {}),
        });
        const withB = await probe(path, init(b.id));
        const missing = await probe(path, init(unknownId("ws")));
        expect(
          withB.status,
          `${op.method.toUpperCase()} ${path} as A in B's workspace → ${JSON.stringify(withB.body)}`,
        ).toBe(404);
        expect(comparable(withB)).toEqual(comparable(missing));
      }
    },
  );

  it(sec("API1", "A's own lists never contain B's objects"), async () => {
    const lists = ops.filter(
      (o) =>
        o.method === "get" &&
        o.pathParams.length === 0 &&
        o.path.startsWith("/api/v1/") &&
        !["none", "operator"].includes(o.permission ?? ""),
    );
    const bIds = [...bObjects.values(), b.id];
    for (const op of lists) {
      const res = await probe(op.path, { token: a.owner.accessToken, headers: { "Zukai-Workspace": a.id } });
      const text = JSON.stringify(res.body);
      for (const id of bIds) expect(text.includes(id), `GET ${op.path} shows B's ${id}`).toBe(false);
    }
  });

  it(sec("API1", "restoring B's export by its id answers 404 and creates nothing"), async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM memberships WHERE user_id = ?")
      .bind(a.owner.userId)
      .first<{ n: number }>();
    const res = await probe("/api/v1/workspaces/imports", {
      token: a.owner.accessToken,
      json: { exportId: bObjects.get("exp") },
    });
    const missing = await probe("/api/v1/workspaces/imports", {
      token: a.owner.accessToken,
      json: { exportId: unknownId("exp") },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(comparable(res)).toEqual(comparable(missing));
    const after = await env.DB.prepare("SELECT count(*) AS n FROM memberships WHERE user_id = ?")
      .bind(a.owner.userId)
      .first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it(sec("API1", "the same Idempotency-Key in two workspaces never replays the other tenant's response"), async () => {
    const key = `shared-key-${crypto.randomUUID()}`;
    const text = "First B collects. Then B sorts. Finally B reports.";
    const first = await probe("/api/v1/generate-diagram", {
      token: b.owner.accessToken,
      headers: { "Zukai-Workspace": b.id, "Idempotency-Key": key },
      json: { text },
    });
    expect(first.status).toBe(201);
    const second = await probe("/api/v1/generate-diagram", {
      token: a.owner.accessToken,
      headers: { "Zukai-Workspace": a.id, "Idempotency-Key": key },
      json: { text },
    });
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.workspaceId ?? a.id).toBe(a.id);
  });

  it(
    sec(
      "API1",
      "a WebSocket ticket issued in A's workspace does not open B's channel, and B's API key does not open A's",
    ),
    async () => {
      const issued = await probe(`/api/v1/workspaces/${a.id}/ws-ticket`, {
        token: a.owner.accessToken,
        method: "POST",
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      const upgrade = (workspaceId: string, query: string, headers: Record<string, string> = {}) =>
        SELF.fetch(`${BASE}/api/v1/workspaces/${workspaceId}/ws?${query}`, {
          headers: { Upgrade: "websocket", ...headers },
        });
      const onB = await upgrade(b.id, `ticket=${issued.body.ticket}`);
      expect(onB.status).toBe(401);
      await onB.body?.cancel();
      const bKey = await createKey(b, "editor");
      const withKey = await upgrade(a.id, "", { Authorization: `Bearer ${bKey.key}` });
      expect(withKey.status).toBe(404);
      await withKey.body?.cancel();
      // The ticket still works where it was issued (the refusal above did not just burn it).
      const onA = await upgrade(a.id, `ticket=${issued.body.ticket}`);
      expect(onA.status).toBe(101);
      onA.webSocket!.accept();
      onA.webSocket!.close(1000, "done");
    },
  );
});
