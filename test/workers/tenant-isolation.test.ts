/**
 * Tenant isolation, discovered from the OpenAPI document so new routes are covered as they land:
 * tenant A's credentials meet tenant B's ids in every path parameter of every route, in query
 * filters, in request bodies and in WebSocket messages. Each answer is a 404 identical to the one
 * for an id that does not exist (or, for filters, an empty result), and never carries B's data.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type IdPrefix, newId } from "../../workers/lib/ids";
import { type ApiResponse, api, BASE, registerUser, type TestUser } from "./helpers";
import { putEnterpriseTerms } from "./operator";
import { openSocket } from "./ws-client";
import "./provided-context";

const MARKER = "Bsecret7q";
const TEXT = `${MARKER} first collects the recordings. Then ${MARKER} transcribes them. Finally ${MARKER} draws the diagram.`;
const WRITE = new Set(["post", "put", "patch"]);

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: { pattern?: string } }[];
  body?: Record<string, any>;
}

let a: TestUser;
let b: TestUser;
let bWorkspace: string;
let operations: Operation[];
let components: Record<string, any>;
/** B's real ids by prefix (most specific first), and every string that would betray B's data. */
const bIds = new Map<string, string[]>();
const secrets: string[] = [MARKER];

const remember = (id: unknown) => {
  if (typeof id !== "string" || !/^[a-z]{2,4}_[0-9a-z]{26}$/.test(id)) return;
  const prefix = id.split("_")[0]!;
  bIds.set(prefix, [...(bIds.get(prefix) ?? []), id]);
  secrets.push(id);
};

const asB = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { ...init, token: b.accessToken, headers: { "Zukai-Workspace": bWorkspace, ...init.headers } });

beforeAll(async () => {
  [a, b] = await Promise.all([registerUser("iso-a"), registerUser("iso-b")]);
  // Generous limits for A: this test sends a few hundred requests.
  await putEnterpriseTerms(a.workspaceId, {});
  bWorkspace = (await api("/api/v1/workspaces", { token: b.accessToken, json: { name: `${MARKER} team` } })).body.id;
  await putEnterpriseTerms(bWorkspace, {});
  remember(bWorkspace);
  const doc = (await api("/api/v1/openapi.json")).body;
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      // Tenant routes: those a user token or workspace API key may call (operator routes take another credential).
      .filter(([, op]) => (op.security ?? []).some((s: Record<string, unknown>) => "bearerAuth" in s || "apiKey" in s))
      .map(([method, op]) => ({
        method,
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
      })),
  );
  remember(b.userId);
  secrets.push(b.email);

  const project = await asB("/api/v1/projects", { json: { name: `${MARKER} project` } });
  remember(project.body.id);
  const diagram = await asB("/api/v1/generate-diagram", { json: { text: TEXT, projectId: project.body.id } });
  remember(diagram.body.id);
  remember(diagram.body.jobId);
  const transcription = await asB("/api/v1/transcribe", {
    json: { url: `${inject("remoteOrigin")}/speech/short.wav`, projectId: project.body.id },
  });
  remember(transcription.body.id);
  const batch = await asB("/api/v1/batch", { json: { items: [{ kind: "diagram", request: { text: TEXT } }] } });
  remember(batch.body.id);
  for (const item of batch.body.items ?? []) remember(item.jobId);
  const key = await asB(`/api/v1/workspaces/${bWorkspace}/api-keys`, {
    json: { name: `${MARKER} key`, role: "viewer" },
  });
  remember(key.body.id);
  if (key.body.key) secrets.push(key.body.key);
  const invitation = await asB(`/api/v1/workspaces/${bWorkspace}/invitations`, {
    json: { email: `${MARKER.toLowerCase()}@example.test`, role: "viewer" },
  });
  remember(invitation.body.id);
  const role = await asB(`/api/v1/workspaces/${bWorkspace}/roles`, {
    json: { name: `${MARKER}-role`, permissions: ["jobs:read"] },
  });
  remember(role.body.id);
  const comment = await asB(`/api/v1/projects/${project.body.id}/comments`, { json: { body: `${MARKER} comment` } });
  remember(comment.body.id);

  // B's jobs live in B's team workspace, so they are polled with its header.
  let job: any;
  for (let i = 0; i < 300 && !["succeeded", "failed", "canceled"].includes(job?.status); i++) {
    await new Promise((r) => setTimeout(r, 300));
    job = (await asB(`/api/v1/jobs/${transcription.body.id}`)).body;
  }
  if (job?.status === "succeeded") {
    remember(`trn_${job.id.slice(4)}`);
    const video = await asB("/api/v1/generate-video", {
      json: { diagramId: diagram.body.id, audio: `trn_${job.id.slice(4)}` },
    });
    remember(video.body.id);
    if (video.body.id) remember(`vid_${String(video.body.id).slice(4)}`);
  }
  // Whatever else the API lets a workspace create (dashboards, alert channels, exports…): one each.
  for (const op of operations.filter(
    (o) => o.method === "post" && /^\/api\/v1\/workspaces\/\{id\}\/[a-z-]+$/.test(o.path),
  )) {
    const created = await asB(op.path.replace("{id}", bWorkspace), { json: sample(op.body) });
    if (created.status < 300) remember(created.body?.id);
  }
  const audit = await asB(`/api/v1/workspaces/${bWorkspace}/audit-log?limit=20`);
  for (const entry of audit.body?.items ?? []) remember(entry.id);
}, 240_000);

/** Candidate values for a parameter: B's real ids (and their file forms) that match its pattern. */
function candidatesFor(pattern: string | undefined): { real: string; missing: string }[] {
  const regex = pattern ? new RegExp(pattern) : undefined;
  const out: { real: string; missing: string }[] = [];
  for (const [prefix, ids] of bIds) {
    for (const id of ids) {
      for (const suffix of ["", ".svg", ".json", ".mmd", ".mp4", ".vtt", ".srt", ".txt"]) {
        if (regex ? regex.test(id + suffix) : suffix === "")
          out.push({ real: id + suffix, missing: newId(prefix as IdPrefix) + suffix });
      }
    }
  }
  // A kind B has none of yet (a route newer than this test's set-up): an id of that kind that
  // exists nowhere, so the route is still exercised.
  const prefix = /^\^([a-z]{2,4})_/.exec(pattern ?? "")?.[1];
  if (out.length === 0 && prefix) {
    const id = newId(prefix as IdPrefix);
    out.push({ real: id, missing: newId(prefix as IdPrefix) });
  }
  return out;
}

/** A value that satisfies a JSON schema as simply as possible. */
function sample(schema: any, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (schema.$ref) return sample(components[schema.$ref.split("/").pop()], depth + 1);
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf ?? schema.oneOf) return sample((schema.anyOf ?? schema.oneOf)[0], depth + 1);
  switch (schema.type) {
    case "object": {
      // An update with no required fields still has to change something: send its first field.
      const keys: string[] = schema.required?.length
        ? schema.required
        : Object.keys(schema.properties ?? {}).slice(0, 1);
      return Object.fromEntries(keys.map((k) => [k, sample(schema.properties?.[k], depth + 1)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    default:
      return schema.format === "email"
        ? "someone@example.test"
        : schema.format === "uri"
          ? "https://example.test/a.wav"
          : "x".repeat(schema.minLength ?? 1);
  }
}

/** Strips what only echoes the request, then asserts nothing of B's is in the answer. */
function expectNoLeak(res: ApiResponse, context: string): void {
  const {
    instance: _instance,
    requestId: _requestId,
    ...rest
  } = (typeof res.body === "object" && res.body) || { text: res.body };
  const text = JSON.stringify(rest);
  for (const secret of secrets)
    expect(text.includes(secret), `${context} leaked ${secret}: ${text.slice(0, 300)}`).toBe(false);
}

const comparable = (res: ApiResponse) => ({
  status: res.status,
  code: res.body?.code,
  title: res.body?.title,
  detail: res.body?.detail,
});

async function call(method: string, path: string, token: string, body?: unknown): Promise<ApiResponse> {
  return api(path, { method: method.toUpperCase(), token, ...(WRITE.has(method) ? { json: body ?? {} } : {}) });
}

describe("tenant isolation", () => {
  it("has B's objects of every kind the API offers to test with", () => {
    for (const prefix of ["ws", "usr", "prj", "job", "dgm", "trn", "bat", "key"])
      expect(bIds.get(prefix)?.length, prefix).toBeGreaterThan(0);
    expect(operations.filter((o) => o.params.some((p) => p.in === "path")).length).toBeGreaterThan(20);
  });

  it("answers B's ids in every path parameter exactly as it answers ids that do not exist", async () => {
    const checked: string[] = [];
    for (const op of operations) {
      const pathParams = op.params.filter((p) => p.in === "path");
      if (pathParams.length === 0) continue;
      // Each parameter gets each of B's matching ids in turn; the others take B's first match.
      const options = pathParams.map((p) => candidatesFor(p.schema?.pattern));
      if (options.some((o) => o.length === 0)) {
        expect.fail(
          `no B id fits ${op.method.toUpperCase()} ${op.path} (${pathParams.map((p) => `${p.name}:${p.schema?.pattern}`).join(", ")}); create one in beforeAll`,
        );
      }
      for (let i = 0; i < pathParams.length; i++) {
        for (const candidate of options[i]!.slice(0, 4)) {
          const fill = (pick: "real" | "missing") =>
            pathParams.reduce(
              (path, p, j) =>
                path.replace(`{${p.name}}`, encodeURIComponent(j === i ? candidate[pick] : options[j]![0]![pick])),
              op.path,
            );
          const body = WRITE.has(op.method) ? sample(op.body) : undefined;
          const real = await call(op.method, fill("real"), a.accessToken, body);
          const missing = await call(op.method, fill("missing"), a.accessToken, body);
          const context = `${op.method.toUpperCase()} ${fill("real")} → ${real.status} ${JSON.stringify(real.body).slice(0, 200)}`;
          // A write whose sampled body fails validation is refused before any lookup: it must at
          // least be refused exactly as for a missing id. Everything else is a 404.
          if (!(WRITE.has(op.method) && real.status === 422)) expect(real.status, context).toBe(404);
          expect(comparable(real), context).toEqual(comparable(missing));
          expectNoLeak(real, context);
          checked.push(`${op.method} ${op.path}`);
        }
      }
    }
    expect(new Set(checked).size).toBeGreaterThan(20);
  }, 300_000);

  it("filters by B's ids in query strings find nothing", async () => {
    for (const op of operations.filter((o) => o.method === "get" && !o.params.some((p) => p.in === "path"))) {
      for (const param of op.params.filter((p) => p.in === "query" && p.schema?.pattern)) {
        for (const candidate of candidatesFor(param.schema!.pattern).slice(0, 2)) {
          const res = await api(`${op.path}?${param.name}=${encodeURIComponent(candidate.real)}`, {
            token: a.accessToken,
          });
          const context = `GET ${op.path}?${param.name}=${candidate.real} → ${res.status}`;
          expect([200, 404], context).toContain(res.status);
          if (res.status === 200 && Array.isArray(res.body?.items)) expect(res.body.items, context).toEqual([]);
          expectNoLeak(res, context);
        }
      }
    }
  });

  it("B's ids inside request bodies answer 404", async () => {
    const [projectId] = bIds.get("prj")!;
    const [diagramId] = bIds.get("dgm")!;
    const cases: [string, unknown][] = [
      ["/api/v1/generate-diagram", { text: "A short text to draw.", projectId }],
      ["/api/v1/generate-video", { diagramId }],
      ["/api/v1/transcribe", { url: `${inject("remoteOrigin")}/speech/short.wav`, projectId }],
    ];
    const transcriptId = bIds.get("trn")?.[0];
    if (transcriptId) cases.push(["/api/v1/generate-diagram", { transcriptId }]);
    for (const [path, body] of cases) {
      const res = await api(path, { token: a.accessToken, json: body });
      expect(res.status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(404);
      expectNoLeak(res, path);
    }
    // Every other body field that takes an id is refused too (discovered from the schemas).
    for (const op of operations.filter(
      (o) => WRITE.has(o.method) && o.body && !o.params.some((p) => p.in === "path"),
    )) {
      const schema = op.body!.$ref ? components[op.body!.$ref.split("/").pop()] : op.body!;
      for (const [name, property] of Object.entries<any>(schema?.properties ?? {})) {
        const candidate = candidatesFor(property.pattern)[0];
        if (!property.pattern || !candidate) continue;
        const res = await api(op.path, {
          method: op.method.toUpperCase(),
          token: a.accessToken,
          json: { ...(sample(schema) as object), [name]: candidate.real },
        });
        const context = `${op.method.toUpperCase()} ${op.path} {${name}: B's} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        expect(res.status < 200 || res.status >= 300, context).toBe(true);
        expect(res.status, context).not.toBe(500);
        expectNoLeak(res, context);
      }
    }
  });

  it("WebSocket: B's channel is closed to A, and B's ids in A's messages are not found", async () => {
    const upgrade = await SELF.fetch(`${BASE}/api/v1/workspaces/${bWorkspace}/ws`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${a.accessToken}` },
    });
    expect(upgrade.status).toBe(404);
    expectNoLeak({ status: upgrade.status, headers: upgrade.headers, body: await upgrade.json() }, "ws upgrade");

    const socket = await openSocket(a.workspaceId, { token: a.accessToken });
    await socket.next((m) => m.type === "welcome");
    const [jobId] = bIds.get("job")!;
    const [projectId] = bIds.get("prj")!;
    socket.send({ type: "job:cancel", id: "c1", jobId });
    expect(await socket.next((m) => m.id === "c1")).toMatchObject({ type: "error", code: "not_found" });
    socket.send({
      type: "job:start",
      id: "s1",
      job: { kind: "transcription", url: `${inject("remoteOrigin")}/speech/short.wav`, options: { projectId } },
    });
    expect(await socket.next((m) => m.id === "s1", 60_000)).toMatchObject({ type: "error", code: "not_found" });
    // Subscribing to B's job or project changes nothing: B's events live in B's hub only.
    socket.send({ type: "subscribe", id: "sub1", scope: { kind: "project", projectId } });
    await socket.next((m) => m.id === "sub1");
    const drawn = await asB("/api/v1/generate-diagram", { json: { text: TEXT, projectId } });
    remember(drawn.body.jobId);
    socket.send({ type: "ping", id: "p1" });
    await socket.next((m) => m.id === "p1");
    // Acks echo what A sent; the events A's socket received carry nothing of B's.
    const text = JSON.stringify(socket.messages.filter((m) => m.seq !== undefined));
    for (const secret of secrets) expect(text.includes(secret), `socket leaked ${secret}`).toBe(false);
    socket.close();
  });
});
