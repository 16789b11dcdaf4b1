/**
 * Retrying with the same Idempotency-Key after a request died mid-way (an isolate that crashed or
 * a runtime that restarted): the retry finishes what the dead request started, with the same job,
 * and nothing the dead request stored is left behind beside it.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { newId } from "../../workers/lib/ids";
import { purgeExpiredIdempotencyKeys } from "../../workers/middleware/idempotency-store";
import { api, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

let user: TestUser;
let shortWav: Blob;
beforeAll(async () => {
  user = await registerUser("retries");
  shortWav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
});

const EN = "First we collect the audio. Then we transcribe it. Next we analyse the text. Finally we draw the diagram.";
const LONG = Array.from({ length: 60 }, (_, i) => `Step ${i + 1}: ${EN}`).join(" ");

function uploadForm(file: Blob): FormData {
  const form = new FormData();
  form.append("file", file, "talk.wav");
  return form;
}

/** The row a request leaves when it claimed `key` (reserving `jobId`) `secondsAgo` and then died. */
async function abandonKey(key: string, path: string, jobId: string, secondsAgo: number, expiresInSeconds = 86_400) {
  await env.DB.prepare(
    "INSERT INTO idempotency_keys (workspace_id, key, method, path, status, job_id, created_at, expires_at) VALUES (?, ?, 'POST', ?, 'in_progress', ?, ?, ?)",
  )
    .bind(
      user.workspaceId,
      key,
      path,
      jobId,
      new Date(Date.now() - secondsAgo * 1000).toISOString(),
      new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    )
    .run();
}

/** Puts a key back in progress as a request that wrote its job but died before answering leaves it. */
async function forgetAnswer(key: string) {
  await env.DB.prepare(
    "UPDATE idempotency_keys SET status = 'in_progress', fingerprint = NULL, response_status = NULL, response_body = NULL, response_location = NULL WHERE workspace_id = ? AND key = ?",
  )
    .bind(user.workspaceId, key)
    .run();
}

const jobsWithKey = async (key: string) =>
  (
    await env.DB.prepare("SELECT id FROM jobs WHERE workspace_id = ? AND idempotency_key = ?")
      .bind(user.workspaceId, key)
      .all<{ id: string }>()
  ).results.map((r) => r.id);

const objectsUnder = async (prefix: string) => (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);

describe("a retry after the request died", () => {
  it("after the recording was stored but before the job was written: the same job id, the stored object written over, not orphaned", async () => {
    const key = `stored-${crypto.randomUUID()}`;
    const jobId = newId("job");
    await abandonKey(key, "/api/v1/transcribe", jobId, 120);
    await env.MEDIA.put(`ws/${user.workspaceId}/jobs/${jobId}/input`, await shortWav.arrayBuffer());
    const retried = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": key },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.id).toBe(jobId);
    expect(await jobsWithKey(key)).toEqual([jobId]);
    expect(await objectsUnder(`ws/${user.workspaceId}/jobs/${jobId}/`)).toEqual([
      `ws/${user.workspaceId}/jobs/${jobId}/input`,
    ]);
  });

  it("after a diagram drawn at once was written: 201 with that diagram again, no second job", async () => {
    const key = `drawn-${crypto.randomUUID()}`;
    const first = await api("/api/v1/generate-diagram", {
      token: user.accessToken,
      json: { text: EN },
      headers: { "Idempotency-Key": key },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await jobsWithKey(key)).toEqual([first.body.jobId]);
    await forgetAnswer(key);
    const retried = await api("/api/v1/generate-diagram", {
      token: user.accessToken,
      json: { text: EN },
      headers: { "Idempotency-Key": key },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retried.body).toMatchObject({ id: first.body.id, jobId: first.body.jobId, data: first.body.data });
    expect(retried.headers.get("Location")).toBe(`/api/v1/diagrams/${first.body.id}`);
    expect(await jobsWithKey(key)).toEqual([first.body.jobId]);
  });

  it("after a video job was written: the same job again, no second one", async () => {
    const diagram = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: EN } });
    const key = `video-${crypto.randomUUID()}`;
    const request = { diagramId: diagram.body.id, resolution: "720p" };
    const first = await api("/api/v1/generate-video", {
      token: user.accessToken,
      json: request,
      headers: { "Idempotency-Key": key },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    await forgetAnswer(key);
    const retried = await api("/api/v1/generate-video", {
      token: user.accessToken,
      json: request,
      headers: { "Idempotency-Key": key },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.id).toBe(first.body.id);
    expect(await jobsWithKey(key)).toEqual([first.body.id]);
  });

  it("after a queued diagram job was written but before its first stage was queued: the retry queues it and it runs", async () => {
    const key = `unqueued-${crypto.randomUUID()}`;
    // What generateLater had written when it died before JOBS.send: the text, and the job with its key.
    const jobId = newId("job");
    const now = new Date().toISOString();
    await env.MEDIA.put(`ws/${user.workspaceId}/jobs/${jobId}/input.txt`, LONG);
    await env.DB.prepare(
      `INSERT INTO jobs (id, workspace_id, kind, stages, stage, status, progress, current_operation, options, idempotency_key, attempts, created_by, created_at, updated_at)
       VALUES (?, ?, 'diagram', '["analysis","visualization"]', 'analysis', 'queued', 0, 'queued', '{"type":"auto","theme":"light"}', ?, 0, ?, ?, ?)`,
    )
      .bind(jobId, user.workspaceId, key, user.userId, now, now)
      .run();
    await abandonKey(key, "/api/v1/generate-diagram", jobId, 5);
    const retried = await api("/api/v1/generate-diagram", {
      token: user.accessToken,
      json: { text: LONG },
      headers: { "Idempotency-Key": key },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.id).toBe(jobId);
    const job = await waitForJob(user.accessToken, jobId, (j) => j.status === "succeeded", 60_000);
    expect(job.artifacts.map((a: { name: string }) => a.name).sort()).toEqual([
      "diagram.json",
      "diagram.mmd",
      "diagram.svg",
    ]);
  });
});

describe("a key whose request died and was never retried", () => {
  it("is purged when it expires, with what its request stored under the job id it reserved", async () => {
    const key = `never-${crypto.randomUUID()}`;
    const jobId = newId("job");
    await abandonKey(key, "/api/v1/transcribe", jobId, 90_000, -60);
    await env.MEDIA.put(`ws/${user.workspaceId}/jobs/${jobId}/input`, await shortWav.arrayBuffer());
    await env.MEDIA.put(`ws/${user.workspaceId}/diagrams/dgm_${jobId.slice(4)}/diagram.json`, "{}");
    // A finished job whose key expired keeps its objects.
    const kept = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": `kept-${key}` },
    });
    await env.DB.prepare(
      "UPDATE idempotency_keys SET status = 'in_progress', expires_at = ? WHERE workspace_id = ? AND key = ?",
    )
      .bind(new Date(Date.now() - 60_000).toISOString(), user.workspaceId, `kept-${key}`)
      .run();

    await purgeExpiredIdempotencyKeys(env);
    expect(await objectsUnder(`ws/${user.workspaceId}/jobs/${jobId}/`)).toEqual([]);
    expect(await objectsUnder(`ws/${user.workspaceId}/diagrams/dgm_${jobId.slice(4)}/`)).toEqual([]);
    expect(await objectsUnder(`ws/${user.workspaceId}/jobs/${kept.body.id}/`)).toContain(
      `ws/${user.workspaceId}/jobs/${kept.body.id}/input`,
    );
    const left = await env.DB.prepare(
      "SELECT count(*) AS n FROM idempotency_keys WHERE workspace_id = ? AND key IN (?, ?)",
    )
      .bind(user.workspaceId, key, `kept-${key}`)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});
