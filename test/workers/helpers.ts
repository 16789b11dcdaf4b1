/** Drives the Worker through its public HTTP interface, as a client would. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";

export const BASE = "https://zukai.test";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a request to the Worker; `json` is sent as an application/json body. */
export async function api<T = any>(
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers["Content-Type"] ??= "application/json";
    body = JSON.stringify(init.json);
  }
  const response = await SELF.fetch(BASE + path, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

let counter = 0;

/** A unique email for this test run. */
export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export const PASSWORD = "correct horse battery staple";

export interface TestUser {
  email: string;
  userId: string;
  workspaceId: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers a fresh user and returns their tokens and personal workspace. */
export async function registerUser(label = "user"): Promise<TestUser> {
  const email = uniqueEmail(label);
  const res = await api("/api/v1/auth/register", { json: { email, password: PASSWORD, name: label } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    email,
    userId: res.body.user.id,
    workspaceId: res.body.user.personalWorkspaceId,
    accessToken: res.body.tokens.accessToken,
    refreshToken: res.body.tokens.refreshToken,
  };
}

/** Asserts an RFC 9457 problem document with the given status and code, and no stack trace. */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    type: expect.stringContaining("https://zukai.dev/problems/"),
    requestId: expect.any(String),
  });
  if (code) expect(res.body.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

/** Polls a job until `until` holds (by default: it ended); fails the test after `timeoutMs`. */
export async function waitForJob(
  token: string,
  id: string,
  until: (job: any) => boolean = jobEnded,
  timeoutMs = 120_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api(`/api/v1/jobs/${id}`, { token })).body;
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} stuck: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True once a job reached a terminal state. */
export const jobEnded = (job: { status: string }) => ["succeeded", "failed", "canceled"].includes(job.status);
