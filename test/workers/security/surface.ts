/**
 * The attack surface as the OpenAPI document declares it, and a response inspector every
 * security case runs on what it receives. Routes are read from /api/v1/openapi.json so routes
 * added later are attacked too.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { type ApiResponse, api, PASSWORD } from "../helpers";

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export const WRITE_METHODS = new Set(["post", "put", "patch", "delete"]);
/** `x-permission` values that are not a workspace permission (lib/route-permission.ts). */
export const NOT_WORKSPACE_SCOPED = new Set(["none", "authenticated", "user", "operator"]);
/** True when the route acts in a workspace under a workspace permission. */
export const workspaceScoped = (op: { permission?: string }) =>
  Boolean(op.permission) && !NOT_WORKSPACE_SCOPED.has(op.permission!);

export interface Operation {
  method: string;
  path: string;
  permission: string | undefined;
  pathParams: { name: string; pattern?: string }[];
  queryParams: { name: string; schema: any }[];
  /** The resolved application/json request body schema, if the route takes JSON. */
  jsonBody: any | undefined;
  contentTypes: string[];
}

let document: any;

/** The OpenAPI document, fetched once per file. */
export async function openApiDocument(): Promise<any> {
  document ??= (await api("/api/v1/openapi.json")).body;
  return document;
}

/** Follows `$ref`s into components (one level at a time, as often as needed). */
export function deref(schema: any, doc = document): any {
  let current = schema;
  for (let i = 0; current?.$ref && i < 10; i++) current = doc.components.schemas[current.$ref.split("/").pop()];
  return current;
}

/** Every operation of the document. */
export async function operations(): Promise<Operation[]> {
  const doc = await openApiDocument();
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: any[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        permission: op["x-permission"],
        pathParams: params.filter((p) => p.in === "path").map((p) => ({ name: p.name, pattern: p.schema?.pattern })),
        queryParams: params.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        jsonBody: content["application/json"] ? deref(content["application/json"].schema, doc) : undefined,
        contentTypes: Object.keys(content),
      });
    }
  }
  return ops;
}

/** The id prefix a path parameter's pattern demands (`^job_…` → "job"). */
export const idKind = (pattern: string | undefined) => /^\^([a-z]+)_/.exec(pattern ?? "")?.[1];

/** A syntactically valid id of `kind` that names nothing. */
export function unknownId(kind: string): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return `${kind}_${Array.from({ length: 26 }, () => alphabet[Math.floor(Math.random() * 32)]).join("")}`;
}

let sampleUrl = "https://example.test/a.wav";

/** The URL sample() puts in `format: uri` fields (a file on the test's local "internet" host, say). */
export function setSampleUrl(url: string): void {
  sampleUrl = url;
}

/** A value that satisfies a JSON schema as simply as possible (first variant, required fields only). */
export function sample(schema: any, depth = 0): unknown {
  schema = deref(schema);
  if (!schema || depth > 8) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sample(variants.find((v: any) => deref(v)?.type !== "null") ?? variants[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: any) => sample(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const keys: string[] = schema.required ?? [];
      return Object.fromEntries(keys.map((k) => [k, sample(schema.properties?.[k], depth + 1)]));
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      if (schema.format === "email") return "someone@example.test";
      if (schema.format === "uri") return sampleUrl;
      if (schema.format === "date-time") return new Date().toISOString();
      if (schema.pattern) return undefined;
      return "x".repeat(Math.max(1, schema.minLength ?? 1));
  }
}

// ---------------------------------------------------------------------------------------------
// Response inspection: what must never be in an answer, and what every answer must carry.

/** Property names that hold credentials or their hashes; none may appear in any response. */
const FORBIDDEN_KEYS =
  /^(password|passwordHash|password_hash|secretHash|tokenHash|token_hash|keyHash|key_hash|refreshTokenHash|webhookSecret|webhook_secret|privateKey|privateJwk|jwtSecret)$/i;

/** Values that must never be echoed: deployment secrets, the test password, and whatever a case registers. */
const secretValues = new Map<string, RegExp | undefined>();

/** Registers a secret value; `allowedOn` names the request paths allowed to return it (its one-time reveal). */
export function rememberSecret(value: string | null | undefined, allowedOn?: RegExp): void {
  if (value && value.length >= 8) secretValues.set(value, allowedOn);
}

function deploymentSecrets(): string[] {
  return [env.JWT_SECRET, env.METRICS_TOKEN, env.ADMIN_TOKEN, env.ALERT_PROVIDER_TOKEN, PASSWORD].filter(
    (s): s is string => Boolean(s),
  );
}

function forbiddenKeys(value: unknown, path: string, found: string[], allowed: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v, i) => forbiddenKeys(v, `${path}[${i}]`, found, allowed));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.test(key) && !allowed.has(key)) found.push(`${path}.${key}`);
      forbiddenKeys(inner, `${path}.${key}`, found, allowed);
    }
  }
}

/** The response headers every answer of the API carries (hono/secure-headers in workers/app.ts). */
export const REQUIRED_HEADERS: Record<string, RegExp> = {
  "x-content-type-options": /^nosniff$/,
  "x-frame-options": /^(DENY|SAMEORIGIN)$/,
  "strict-transport-security": /max-age=\d{6,}/,
  "referrer-policy": /^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/,
};

/** Fails when a response carries a credential, misses a security header, or shows a stack trace. */
export function inspect(res: ApiResponse, path: string, options: { allowKeys?: string[] } = {}): void {
  const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? "");
  const found: string[] = [];
  forbiddenKeys(res.body, "$", found, new Set(options.allowKeys ?? []));
  expect(found, `${path}: credential fields in the response`).toEqual([]);
  for (const secret of deploymentSecrets())
    expect(text.includes(secret), `${path}: a deployment secret or password in the response`).toBe(false);
  for (const [secret, allowedOn] of secretValues) {
    if (allowedOn?.test(path)) continue;
    expect(text.includes(secret), `${path}: a registered secret (${secret.slice(0, 6)}…) in the response`).toBe(false);
  }
  expect(text, `${path}: stack trace`).not.toMatch(/\bat .+\.(ts|js|mjs):\d+|node_modules|Error: .*\n\s+at /);
  for (const [header, pattern] of Object.entries(REQUIRED_HEADERS)) {
    expect(res.headers.get(header) ?? "", `${path}: header ${header}`).toMatch(pattern);
  }
  if (res.status >= 400 && res.status !== 426)
    expect(res.headers.get("content-type") ?? "", `${path}: ${res.status} is a problem document`).toMatch(
      /^application\/problem\+json/,
    );
}

/** `api()` plus `inspect()`: every request the suite makes goes through here. */
export async function probe<T = any>(
  path: string,
  init: Parameters<typeof api>[1] = {},
  options: { allowKeys?: string[] } = {},
): Promise<ApiResponse<T>> {
  const res = await api<T>(path, init);
  inspect(res, path, options);
  return res;
}

/** Asserts a refusal: a 4xx problem document (never 5xx), optionally with one of `codes`. */
export function expectRefused(res: ApiResponse, context: string, statuses?: number[], codes?: string[]): void {
  const summary = `${context} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status >= 400 && res.status < 500, summary).toBe(true);
  if (statuses) expect(statuses, summary).toContain(res.status);
  if (codes) expect(codes, summary).toContain(res.body?.code);
}
