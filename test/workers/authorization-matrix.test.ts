/**
 * The authorisation matrix: every route of the OpenAPI document × eight callers → the status its
 * declared permission (`x-permission`) implies. Routes are read from /api/v1/openapi.json, so a new
 * route is covered at once, and one without a declared permission fails here.
 *
 * Expected, for a route needing workspace permission P: anonymous 401; a member of another
 * workspace 404 (the workspace is not theirs); a caller without P exactly 403; a caller with P
 * neither 401 nor 403 nor 500, and not 404 when the path names real objects (made by the per-kind
 * factories below), but exactly 404 for the few kinds listed in FALLBACK_KINDS. Bodies are
 * deliberately invalid, so an authorised write stops at validation and leaves the fixtures intact;
 * bodiless writes (DELETE, POST without body) get fresh objects per caller, and a fresh team when
 * they act on the workspace itself (leave, restore).
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, BASE } from "./helpers";
import { addMember, createKey, createRole, createTeam, type Team } from "./rbac-fixtures";

type Caller = "owner" | "admin" | "editor" | "viewer" | "custom" | "apiKey" | "foreign" | "anonymous";
const CALLERS: Caller[] = ["anonymous", "foreign", "viewer", "custom", "apiKey", "editor", "admin", "owner"];
const SPECIAL = new Set(["none", "authenticated", "user", "operator"]);

/** Id kinds whose objects are impractical to create here (they need a finished media job, a firing alert…): authorised callers get 404. */
const FALLBACK_KINDS = new Set(["trn", "vid", "inc", "ach", "alr", "exp", "dlj"]);

interface Operation {
  method: string;
  path: string;
  permission: string | undefined;
  params: { name: string; pattern?: string }[];
  hasBody: boolean;
}

interface Principals {
  team: Team;
  tokens: Record<Exclude<Caller, "anonymous">, string>;
  permissions: Record<Exclude<Caller, "anonymous" | "foreign">, Set<string>>;
}

const CUSTOM_PERMISSIONS = [
  "workspace:read",
  "projects:read",
  "projects:create",
  "jobs:read",
  "comments:create",
  "audit:read",
  "roles:read",
];

async function principals(label: string): Promise<Principals> {
  const team = await createTeam(label);
  const customRole = await createRole(team, "matrix-custom", CUSTOM_PERMISSIONS);
  const [admin, editor, viewer, custom, foreign, key] = await Promise.all([
    addMember(team, "admin"),
    addMember(team, "editor"),
    addMember(team, "viewer"),
    addMember(team, customRole, "custom"),
    createTeam(`${label}-foreign`),
    createKey(team, "editor"),
  ]);
  const tokens = {
    owner: team.owner.accessToken,
    admin: admin.accessToken,
    editor: editor.accessToken,
    viewer: viewer.accessToken,
    custom: custom.accessToken,
    apiKey: key.key,
    foreign: foreign.owner.accessToken,
  };
  const permissions = {} as Principals["permissions"];
  for (const caller of ["owner", "admin", "editor", "viewer", "custom", "apiKey"] as const) {
    const res = await api(`/api/v1/workspaces/${team.id}`, { token: tokens[caller] });
    expect(res.status, `${caller}: ${JSON.stringify(res.body)}`).toBe(200);
    permissions[caller] = new Set(res.body.permissions);
  }
  return { team, tokens, permissions };
}

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = (op.parameters ?? [])
        .filter((p: any) => p.in === "path")
        .map((p: any) => ({ name: p.name, pattern: p.schema?.pattern }));
      ops.push({
        method: method.toUpperCase(),
        path,
        permission: op["x-permission"],
        params,
        hasBody: Boolean(op.requestBody),
      });
    }
  }
  return ops;
}

/** The id prefix a path parameter's pattern demands (`^job_…` → "job"). */
const kindOf = (param: { name: string; pattern?: string }) =>
  param.name === "roleId" ? "rol" : /^\^([a-z]+)_/.exec(param.pattern ?? "")?.[1];

function randomId(kind: string): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return `${kind}_${Array.from({ length: 26 }, () => alphabet[Math.floor(Math.random() * 32)]).join("")}`;
}

/** A real object of a kind in the team: from the cache, else made as its owner would make it. */
async function objectOf(kind: string, team: Team, cache: Map<string, string>): Promise<string> {
  if (!cache.has(kind)) cache.set(kind, await makeObject(kind, team, cache));
  return cache.get(kind)!;
}

async function makeObject(kind: string, team: Team, cache: Map<string, string>): Promise<string> {
  const token = team.owner.accessToken;
  const headers = { "Zukai-Workspace": team.id };
  const created = async (path: string, json: unknown) => {
    const res = await api(path, { token, json, headers });
    expect([200, 201, 202], `${path}: ${JSON.stringify(res.body)}`).toContain(res.status);
    return res.body as any;
  };
  switch (kind) {
    case "ws":
      return team.id;
    case "key":
      return (await createKey(team, "viewer")).id;
    case "rol":
      return createRole(team, `r-${Math.random().toString(36).slice(2, 10)}`, ["jobs:read"]);
    case "usr":
      return (await addMember(team, "viewer", "victim")).userId;
    case "prj":
      return (await created("/api/v1/projects", { name: "matrix project" })).id;
    case "dgm":
      return (
        await created("/api/v1/generate-diagram", {
          text: "Planning leads to design. Design leads to build. Build leads to launch.",
        })
      ).id;
    case "job":
      return (await created("/api/v1/generate-diagram", { text: "First we gather the requirements. ".repeat(200) })).id;
    case "bat":
      return (
        await created("/api/v1/batch", { items: [{ kind: "diagram", request: { text: "A causes B. B causes C." } }] })
      ).id;
    case "cmt": {
      const project = await objectOf("prj", team, cache);
      return (await created(`/api/v1/projects/${project}/comments`, { body: "matrix comment" })).id;
    }
    case "dsh":
      return (await created(`/api/v1/workspaces/${team.id}/dashboards`, { name: "matrix dashboard" })).id;
    case "gls":
      return (
        await created(`/api/v1/workspaces/${team.id}/glossary`, { term: `t-${Math.random().toString(36).slice(2)}` })
      ).id;
    case "inv":
      return (
        await created(`/api/v1/workspaces/${team.id}/invitations`, {
          email: `invitee-${Math.random().toString(36).slice(2)}@example.test`,
          role: "viewer",
        })
      ).id;
    default:
      throw new Error(
        `no factory for id kind '${kind}': add one to makeObject, or to FALLBACK_KINDS if creating it is impractical`,
      );
  }
}

/** Fills a path; returns it and whether every parameter names a real object. */
async function fillPath(
  op: Operation,
  team: Team,
  cache: Map<string, string>,
): Promise<{ path: string; real: boolean }> {
  let path = op.path;
  let real = true;
  for (const param of op.params) {
    const kind = kindOf(param);
    if (!kind)
      throw new Error(`${op.method} ${op.path}: path parameter '${param.name}' has no id pattern to fill it from`);
    let value: string;
    if (FALLBACK_KINDS.has(kind)) {
      value = randomId(kind);
      real = false;
    } else value = await objectOf(kind, team, cache);
    // Some parameters name a file of the object (`dgm_….svg`); the bare id is always accepted.
    path = path.replace(`{${param.name}}`, value);
  }
  return { path, real };
}

interface Answer {
  status: number;
  /** True for the permission check's own refusal (403 `forbidden` naming the permission), not a handler's rule. */
  deniedPermission: boolean;
}

async function call(op: Operation, path: string, token: string | undefined, team: Team): Promise<Answer> {
  const headers: Record<string, string> = { "Zukai-Workspace": team.id };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (op.hasBody) {
    headers["Content-Type"] = "application/json";
    // Every request body of the API is an object, so an array is invalid for all of them.
    body = "[]";
  }
  const response = await SELF.fetch(BASE + path, { method: op.method, headers, body });
  // An event stream stays open while its job runs: read what is there and hang up. Everything else is read whole.
  if (response.headers.get("Content-Type")?.startsWith("text/event-stream")) {
    const reader = response.body!.getReader();
    await Promise.race([reader.read(), new Promise((resolve) => setTimeout(resolve, 50))]);
    await reader.cancel().catch(() => undefined);
    return { status: response.status, deniedPermission: false };
  }
  const text = await response.text();
  let problem: { code?: string; permission?: string } = {};
  if (response.status === 403) problem = JSON.parse(text);
  return {
    status: response.status,
    deniedPermission: problem.code === "forbidden" && problem.permission === op.permission,
  };
}

/**
 * Whether an answer is the one the declared permission implies. An authorised caller may still meet
 * a rule of the handler (403 `not_comment_author`, 409, 422 for the probe body) but never the
 * permission check's refusal, never 401, never a 5xx, and never 404 for objects that exist. With a
 * fallback id it gets 404, or 422 first when the route validates a body.
 */
function expectation(op: Operation, caller: Caller, p: Principals, real: boolean): (a: Answer) => boolean {
  const permission = op.permission!;
  const authorised = ({ status, deniedPermission }: Answer) =>
    status !== 401 &&
    !deniedPermission &&
    status < 500 &&
    (real ? status !== 404 : status === (op.hasBody ? 422 : 404));
  const inWorkspace = /\/workspaces\/\{id\}/.test(op.path);
  if (permission === "none") return ({ status }) => status !== 401 && status !== 403 && status < 500;
  if (permission === "operator") return ({ status }) => status === 401 || status === 403;
  if (caller === "anonymous") return ({ status }) => status === 401;
  if (permission === "authenticated" || permission === "user") {
    if (caller === "foreign" && inWorkspace) return ({ status }) => status === 404;
    if (caller === "apiKey" && permission === "user") return ({ status }) => status === 401 || status === 403;
    return authorised;
  }
  if (caller === "foreign") return ({ status }) => status === 404;
  return p.permissions[caller].has(permission)
    ? authorised
    : ({ status, deniedPermission }) => status === 403 && deniedPermission;
}

/** A write that needs no body changes something at once (revoke, delete, leave…): it gets fresh objects per caller. */
const isBodilessWrite = (op: Operation) => op.method !== "GET" && !op.hasBody;
/** …and when it acts on the workspace itself or the caller's place in it (leave, restore), fresh callers too. */
const actsOnWorkspace = (op: Operation) => isBodilessWrite(op) && op.params.every((param) => kindOf(param) === "ws");

describe("authorisation matrix", () => {
  let operations: Operation[] = [];
  let vocabulary: Set<string>;
  let shared: Principals;

  beforeAll(async () => {
    operations = operationsOf((await api("/api/v1/openapi.json")).body);
    shared = await principals("matrix");
    vocabulary = new Set(
      (await api(`/api/v1/workspaces/${shared.team.id}/roles`, { token: shared.tokens.owner })).body.permissions,
    );
  }, 120_000);

  it("every route declares its permission, from the vocabulary or none/authenticated/operator", () => {
    expect(operations.length).toBeGreaterThan(40);
    const undeclared = operations.filter((op) => !op.permission).map((op) => `${op.method} ${op.path}`);
    expect(undeclared, "routes without x-permission").toEqual([]);
    const unknown = operations.filter(
      (op) => op.permission && !SPECIAL.has(op.permission) && !vocabulary.has(op.permission),
    );
    expect(unknown.map((op) => `${op.method} ${op.path}: ${op.permission}`)).toEqual([]);
  });

  it("the custom role and the narrower key hold exactly what they were given", () => {
    expect([...shared.permissions.custom].sort()).toEqual([...CUSTOM_PERMISSIONS].sort());
    expect([...shared.permissions.apiKey].every((perm) => shared.permissions.owner.has(perm))).toBe(true);
    expect(shared.permissions.apiKey.has("apikeys:manage")).toBe(false);
  });

  it("every route answers every caller as its declared permission says", async () => {
    const failures: string[] = [];
    const sharedObjects = new Map<string, string>();
    for (const op of operations.filter((o) => o.permission)) {
      const fresh = isBodilessWrite(op) && op.permission !== "operator";
      const p = fresh && actsOnWorkspace(op) ? await principals(`matrix-${op.method.toLowerCase()}`) : shared;
      // A bodiless write gets its own objects, renewed after each caller it succeeded for, so one
      // caller's delete does not decide the next one's answer. (Plan quotas rule out one object per call.)
      const objects = fresh ? new Map<string, string>() : sharedObjects;
      if (!fresh) {
        // Reads and validated writes change nothing: ask as every caller at once.
        const { path, real } = await fillPath(op, p.team, objects);
        await Promise.all(
          CALLERS.map(async (caller) => {
            const answer = await call(op, path, caller === "anonymous" ? undefined : p.tokens[caller], p.team);
            if (!expectation(op, caller, p, real)(answer))
              failures.push(`${op.method} ${op.path} [${op.permission}] as ${caller}: ${answer.status}`);
          }),
        );
        continue;
      }
      for (const caller of CALLERS) {
        const { path, real } = await fillPath(op, p.team, objects);
        const answer = await call(op, path, caller === "anonymous" ? undefined : p.tokens[caller], p.team);
        if (!expectation(op, caller, p, real)(answer))
          failures.push(`${op.method} ${op.path} [${op.permission}] as ${caller}: ${answer.status}`);
        if (answer.status >= 200 && answer.status < 300) objects.clear();
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
