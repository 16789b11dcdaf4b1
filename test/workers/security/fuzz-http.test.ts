/**
 * Fuzzing every JSON endpoint of the OpenAPI document with fast-check: bodies generated from each
 * route's request schema and hostile mutations of them (wrong types, huge and odd strings, deep
 * nesting, `__proto__`/`constructor` keys), query strings for every GET, against real path ids of
 * a workspace made for it. The property: no 5xx, every answer within its timeout, a problem
 * document for every refusal, and no prototype pollution left behind in the isolate.
 */
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { BASE } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import "../provided-context";
import { createTeam, type Team } from "../rbac-fixtures";
import { arbitraryFor, hostileValue, mutatedBody } from "./json-schema-arbitrary";
import { sec } from "./owasp";
import { deref, idKind, inspect, type Operation, operations, unknownId } from "./surface";

const RUNS_PER_ROUTE = 10;
const REQUEST_TIMEOUT_MS = 15_000;

let team: Team;
let ops: Operation[];
const objects = new Map<string, string>();

/** URLs for `format: uri` fields: never an audio file (no real jobs), never a name needing DNS. */
const urls = () => [
  `${inject("remoteOrigin")}/hits`,
  `${inject("remoteOrigin")}/missing.wav`,
  "https://127.0.0.1/a.wav",
  "https://169.254.169.254/",
  "http://[::1]/",
  "file:///etc/passwd",
  "not a url",
  "https://[::ffff:10.0.0.1]/",
];

beforeAll(async () => {
  team = await createTeam("fuzz");
  await putEnterpriseTerms(team.id, {});
  ops = await operations();
  const as = async (path: string, json: unknown) =>
    (
      await SELF.fetch(BASE + path, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${team.owner.accessToken}`,
          "Zukai-Workspace": team.id,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(json),
      })
    ).json<any>();
  objects.set("ws", team.id);
  objects.set("prj", (await as("/api/v1/projects", { name: "fuzz" })).id);
  const diagram = await as("/api/v1/generate-diagram", { text: "Fuzz plans. Then fuzz builds. Finally fuzz ships." });
  objects.set("dgm", diagram.id);
  objects.set("job", diagram.jobId);
  objects.set("dsh", (await as(`/api/v1/workspaces/${team.id}/dashboards`, { name: "fuzz" })).id);
  objects.set("usr", team.owner.userId);
}, 60_000);

/** A path with each id parameter filled by a real id of the team, an unknown one or a junk string. */
function pathArbitrary(op: Operation): fc.Arbitrary<string> {
  const parts = op.pathParams.map((param) => {
    const kind = param.name === "roleId" ? "rol" : idKind(param.pattern);
    const real = kind ? objects.get(kind) : undefined;
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(real ?? unknownId(kind ?? "x")) },
      { weight: 1, arbitrary: fc.constant(unknownId(kind ?? "x")) },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom("..", "%00", "%2e%2e%2f", "a".repeat(3000), "owner", "ws_", "null"),
        ),
      },
    );
  });
  return fc
    .tuple(...parts)
    .map((values) =>
      op.pathParams.reduce(
        (p, param, i) => p.replace(`{${param.name}}`, encodeURIComponent(String(values[i]))),
        op.path,
      ),
    );
}

async function send(
  method: string,
  path: string,
  body: string | undefined,
  query = "",
): Promise<{ status: number; context: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const context = `${method} ${path}${query} ${body === undefined ? "" : body.slice(0, 300)}`;
  try {
    const response = await SELF.fetch(BASE + path + query, {
      method,
      signal: controller.signal,
      headers: {
        Authorization: `Bearer ${team.owner.accessToken}`,
        "Zukai-Workspace": team.id,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body,
    });
    // An event stream stays open while its job lives: its status and headers are the answer.
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
      await response.body?.cancel();
      return { status: response.status, context: `${context} → ${response.status} (event stream)` };
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    inspect({ status: response.status, headers: response.headers, body: parsed }, path);
    return { status: response.status, context: `${context} → ${response.status} ${text.slice(0, 300)}` };
  } catch (error) {
    throw new Error(
      `${context}: ${controller.signal.aborted ? `no answer in ${REQUEST_TIMEOUT_MS} ms` : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

describe("fuzz: JSON endpoints", () => {
  it(sec(
    "API8",
    "fuzz: generated and mutated bodies on every JSON write route answer without a 5xx or a hang",
  ), async () => {
    // Deleting the team, leaving it or handing it away would end the run's own fixtures.
    const writes = ops.filter(
      (o) =>
        o.jsonBody &&
        o.permission !== "operator" &&
        !/\/(transfer-ownership|leave)$/.test(o.path) &&
        !(o.method === "delete" && o.path === "/api/v1/workspaces/{id}"),
    );
    expect(writes.length).toBeGreaterThan(20);
    const resolve = (s: any) => deref(s);
    for (const op of writes) {
      const body = mutatedBody(arbitraryFor(op.jsonBody, resolve, { urls: urls() }));
      await fc.assert(
        fc.asyncProperty(pathArbitrary(op), body, async (path, text) => {
          const { status, context } = await send(op.method.toUpperCase(), path, text);
          expect(status, context).toBeLessThan(500);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 11, endOnFailure: true },
      );
    }
    // Nothing the bodies carried reached Object.prototype (the Worker runs in this isolate).
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 180_000);

  it(sec(
    "API8",
    "fuzz: generated and hostile query strings on every GET route answer without a 5xx or a hang",
  ), async () => {
    const reads = ops.filter((o) => o.method === "get" && o.permission !== "operator" && !o.path.endsWith("/ws"));
    for (const op of reads) {
      const params = op.queryParams.map((q) =>
        fc.tuple(
          fc.constant(q.name),
          fc.oneof(
            arbitraryFor(q.schema, (s) => deref(s), { urls: urls() }),
            hostileValue,
          ),
        ),
      );
      const query = (params.length ? fc.tuple(...params) : fc.constant([] as [string, unknown][])).map((pairs) => {
        const search = new URLSearchParams();
        for (const [name, value] of pairs)
          if (value !== undefined) search.set(name, typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
        const text = search.toString();
        return text ? `?${text}` : "";
      });
      await fc.assert(
        fc.asyncProperty(pathArbitrary(op), query, async (path, q) => {
          const { status, context } = await send("GET", path, undefined, q);
          expect(status, context).toBeLessThan(500);
        }),
        { numRuns: Math.ceil(RUNS_PER_ROUTE / 2), seed: 12, endOnFailure: true },
      );
    }
  }, 180_000);
});
