/**
 * Upload → queue → real runner process → transcript, and the failure paths around it: duplicate
 * delivery, a runner killed mid-job, and no runner at all (dead-letter queue).
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../workers/index";
import type { StageMessage } from "../../workers/jobs/messages";
import { setClock } from "../../workers/lib/time";
import { api, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";
import { killRunnerMidJob, restartRunner, withRunnerLease } from "./runner-control";

let user: TestUser;
let shortWav: Blob;
let longWav: Blob;

beforeAll(async () => {
  user = await registerUser("speaker");
  shortWav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
  longWav = await (await fetch(`${inject("remoteOrigin")}/speech/long.wav`)).blob();
});

async function upload(file: Blob, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", file, "talk.wav");
  const res = await api("/api/v1/transcribe", { token: user.accessToken, body: form });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res;
}

async function countRows(table: string, jobId: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE job_id = ?`)
    .bind(jobId)
    .first<{ n: number }>())!.n;
}

describe("transcription end to end", () => {
  let jobId: string;

  it("turns an uploaded recording into a timed transcript with exports", async () => {
    const accepted = await upload(shortWav);
    expect(accepted.headers.get("Location")).toBe(`/api/v1/jobs/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({
      kind: "transcription",
      status: "queued",
      stages: [{ name: "transcription", status: "pending" }],
    });
    jobId = accepted.body.id;

    const job = await waitForJob(user.accessToken, jobId, jobEnded);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.progress).toBe(100);
    expect(job.artifacts.map((a: { name: string }) => a.name).sort()).toEqual(["input", "transcript.json"]);

    const transcript = (await api(`/api/v1/transcripts/${job.transcriptId}`, { token: user.accessToken })).body;
    expect(transcript.durationSeconds).toBeGreaterThan(3);
    expect(transcript.engine).toBe("pocketsphinx");
    const words = transcript.segments.flatMap((s: { words: { word: string; start: number }[] }) => s.words);
    expect(words.length).toBeGreaterThan(5);
    for (let i = 1; i < words.length; i++) expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].start);
    // The runner tests measure accuracy (WER); here it is enough that the key words came through.
    expect(transcript.text).toMatch(/\b(data|diagram|finally)\b/);

    const srt = await api(`/api/v1/transcripts/${job.transcriptId}.srt`, { token: user.accessToken });
    expect(srt.headers.get("Content-Type")).toMatch(/application\/x-subrip/);
    expect(srt.body).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);
    const vtt = await api(`/api/v1/transcripts/${job.transcriptId}.vtt`, { token: user.accessToken });
    expect(vtt.body.startsWith("WEBVTT")).toBe(true);
    const txt = await api(`/api/v1/transcripts/${job.transcriptId}.txt`, { token: user.accessToken });
    expect(txt.body.trim().length).toBeGreaterThan(10);

    expect(await countRows("usage_events", jobId)).toBe(1);
    const usage = await env.DB.prepare("SELECT meter, quantity FROM usage_events WHERE job_id = ?")
      .bind(jobId)
      .first<{ meter: string; quantity: number }>();
    expect(usage).toMatchObject({ meter: "audio_seconds", quantity: transcript.durationSeconds });
    // Checkpoints are removed once the transcript is stored.
    expect(
      (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${jobId}/checkpoints/` })).objects,
    ).toHaveLength(0);
  });

  it("a duplicate delivery of a finished job produces no second transcript or usage row", async () => {
    const body: StageMessage = { type: "stage", jobId, workspaceId: user.workspaceId, stage: "transcription" };
    const batch = createMessageBatch("zukai-jobs", [
      { id: "dup-1", timestamp: new Date(), attempts: 1, body },
      { id: "dup-2", timestamp: new Date(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["dup-1", "dup-2"]);
    expect(await countRows("transcripts", jobId)).toBe(1);
    expect(await countRows("usage_events", jobId)).toBe(1);
    expect(await countRows("artifacts", jobId)).toBe(2);
  });

  it("lists jobs with filters and a cursor, and hides them from other workspaces", async () => {
    const list = await api("/api/v1/jobs?status=succeeded&kind=transcription", { token: user.accessToken });
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    const none = await api("/api/v1/jobs?status=failed&kind=diagram", { token: user.accessToken });
    expect(none.body.items).toEqual([]);
    const stranger = await registerUser("peeker");
    expect((await api(`/api/v1/jobs/${jobId}`, { token: stranger.accessToken })).status).toBe(404);
    const transcriptId = `trn_${jobId.slice(4)}`;
    expect((await api(`/api/v1/transcripts/${transcriptId}.srt`, { token: stranger.accessToken })).status).toBe(404);
  });
});

describe("runner failures", () => {
  it(
    "a runner killed mid-job: the job resumes from its checkpoint on the other runner, one transcript",
    () =>
      withRunnerLease(async () => {
        const accepted = await upload(longWav);
        const id = accepted.body.id;
        // Wait until a runner is working on it and has checkpointed at least one chunk.
        const { index } = await killRunnerMidJob(user.accessToken, id);
        try {
          const job = await waitForJob(user.accessToken, id, jobEnded, 200_000);
          expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
          expect(await countRows("transcripts", id)).toBe(1);
          expect(await countRows("usage_events", id)).toBe(1);
          const transcript = (await api(`/api/v1/transcripts/${job.transcriptId}`, { token: user.accessToken })).body;
          expect(transcript.durationSeconds).toBeGreaterThan(30);
          // The whole recording is covered, with no chunk transcribed twice.
          const starts = transcript.segments.map((s: { start: number }) => s.start);
          expect(new Set(starts).size).toBe(starts.length);
          expect(transcript.segments.at(-1).end).toBeGreaterThan(transcript.durationSeconds - 10);
        } finally {
          await restartRunner(index);
        }
      }),
    300_000,
  );

  it("no reachable runner: retried, then dead-lettered once the retry budget is spent, and the job fails with the reason", async () => {
    const accepted = await upload(shortWav);
    const id = accepted.body.id;
    // Let the real queue's first delivery finish, whatever it did, before taking over by hand.
    await waitForJob(user.accessToken, id, jobEnded, 60_000).catch(() => undefined);
    await env.DB.prepare("UPDATE jobs SET status = 'queued', progress = 0 WHERE id = ?").bind(id).run();
    await env.DB.prepare("DELETE FROM transcripts WHERE job_id = ?").bind(id).run();

    const body: StageMessage = { type: "stage", jobId: id, workspaceId: user.workspaceId, stage: "transcription" };
    const deadRunners = { ...env, RUNNER_URLS: "http://127.0.0.1:9,http://127.0.0.1:10" };
    const batch = createMessageBatch("zukai-jobs", [{ id: "down-1", timestamp: new Date(), attempts: 6, body }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, deadRunners);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["down-1"]);
    const retrying = (await api(`/api/v1/jobs/${id}`, { token: user.accessToken })).body;
    expect(retrying.status).toBe("queued");
    expect(retrying.currentOperation).toMatch(/retrying: runner unreachable/);

    // The queue gives up on the message once the stage's retry budget (30 minutes) is spent.
    const restoreClock = setClock(() => Date.now() + 31 * 60_000);
    try {
      const dead = createMessageBatch("zukai-jobs-dlq", [{ id: "down-1", timestamp: new Date(), attempts: 6, body }]);
      const deadCtx = createExecutionContext();
      await worker.queue(dead, deadRunners);
      expect((await getQueueResult(dead, deadCtx)).explicitAcks).toEqual(["down-1"]);
    } finally {
      restoreClock();
    }
    const failed = (await api(`/api/v1/jobs/${id}`, { token: user.accessToken })).body;
    expect(failed.status).toBe("failed");
    expect(failed.error.code).toBe("retries_exhausted");
    expect(failed.error.message).toMatch(/runner unreachable/);
  });
});
