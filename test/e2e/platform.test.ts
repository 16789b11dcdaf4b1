/**
 * The local platform as `npm start` runs it (wrangler dev, embedded D1/R2/Queues), driven over
 * real HTTP. Also checks the OpenAPI document with a real OpenAPI 3.1 validator (which runs in
 * Node: it compiles JSON Schema with code generation, which workerd forbids).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../scripts/local-platform.mjs";
import { speechWav } from "../fixtures/speech";

let platform: LocalPlatform;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-"));
  platform = await startLocalPlatform({ port: 8791, runnerPort: 8792, persistTo: stateDir });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function call(p: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  const res = await fetch(platform.url + p, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body };
}

describe("local platform", () => {
  it("serves a document that a real OpenAPI 3.1 validator accepts", async () => {
    const doc = await call("/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(doc.body);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("runs sign-up → team workspace → API key → product request over HTTP", async () => {
    const email = `e2e-${Date.now()}@example.test`;
    const reg = await call("/api/v1/auth/register", {
      method: "POST",
      json: { email, password: "a long enough password", name: "E2E" },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.tokens.accessToken;
    const ws = await call("/api/v1/workspaces", { method: "POST", token, json: { name: "E2E team" } });
    expect(ws.status).toBe(201);
    const key = await call(`/api/v1/workspaces/${ws.body.id}/api-keys`, {
      method: "POST",
      token,
      json: { name: "e2e", role: "editor" },
    });
    expect(key.status).toBe(201);
    const project = await call("/api/v1/projects", {
      method: "POST",
      token: key.body.key,
      json: { name: "Lecture notes" },
    });
    expect(project.status).toBe(201);
    expect(project.body.workspaceId).toBe(ws.body.id);
    expect(project.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("transcribes an uploaded recording through the queue and the runner process", async () => {
    const email = `e2e-tr-${Date.now()}@example.test`;
    const reg = await call("/api/v1/auth/register", {
      method: "POST",
      json: { email, password: "a long enough password", name: "E2E" },
    });
    const token = reg.body.tokens.accessToken;
    const form = new FormData();
    form.append(
      "file",
      new Blob([new Uint8Array(speechWav(["Hello from the end to end test.", "The platform transcribes this."]))]),
      "hello.wav",
    );
    const accepted = await call("/api/v1/transcribe", { method: "POST", token, body: form });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    let job = accepted.body;
    for (let i = 0; i < 300 && !["succeeded", "failed"].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await call(`/api/v1/jobs/${job.id}`, { token })).body;
    }
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    const vtt = await call(`/api/v1/transcripts/${job.transcriptId}.vtt`, { token });
    expect(vtt.body).toMatch(/^WEBVTT\n\n\d\d:\d\d:\d\d\.\d{3} --> /);
  });

  it("is ready (D1, R2, queue) and serves the docs page", async () => {
    const ready = await call("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
    const docs = await call("/docs");
    expect(docs.headers.get("content-type")).toMatch(/text\/html/);
  });
});
