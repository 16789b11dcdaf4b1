/**
 * The retry budget in time (workers/pipeline/retry-budget.ts): transient failures — no runner to
 * reach, a D1 batch that did not commit, a message the queue itself gave up on — keep a job
 * trying until the stage's 30 minutes are spent, however many deliveries that takes; past the
 * budget the job is dead-lettered with what was tried. Time moves through the clock seam
 * (workers/lib/time.ts), deliveries are handed to the consumer with createMessageBatch.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../workers/index";
import type { StageMessage } from "../../workers/jobs/messages";
import { setClock } from "../../workers/lib/time";
import { QUEUE_MAX_RETRIES } from "../../workers/pipeline/retry-budget";
import { api, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

const EN =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure of the talk. Finally we draw the diagram and render the video.";
const MINUTE = 60_000;

let user: TestUser;
let shortWav: Blob;
let restoreClock: (() => void) | undefined;
beforeAll(async () => {
  user = await registerUser("retry-budget");
  shortWav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
});
afterEach(() => restoreClock?.());

/** Sets the clock `minutes` after `start`. */
function clockAt(start: number, minutes: number) {
  restoreClock = setClock(() => start + minutes * MINUTE);
}

/** Delivers one message to the consumer, as the queue would on delivery number `attempts`. */
async function deliver(
  body: StageMessage,
  attempts: number,
  bindings: Partial<Env> & { CHAOS_FAULTS?: string } = {},
  queue = "zukai-jobs",
) {
  const id = `${body.jobId}-${attempts}-${Math.random()}`;
  const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...bindings }, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks.includes(id),
    retried: result.retryMessages.some((m: { msgId: string }) => m.msgId === id),
  };
}

/** A job of this workspace put back, after its real run, where a delivery that is still to come finds it. */
async function jobWaitingAt(kind: "transcription" | "diagram", stage: StageMessage["stage"]): Promise<StageMessage> {
  const created =
    kind === "transcription"
      ? await api("/api/v1/transcribe", { token: user.accessToken, body: formWith(shortWav) })
      : await api("/api/v1/generate-diagram", {
          token: user.accessToken,
          json: { text: Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: ${EN}`).join(" ") },
        });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const id = created.body.id;
  await waitForJob(user.accessToken, id, jobEnded, 60_000);
  await env.DB.prepare(
    "UPDATE jobs SET status = 'queued', stage = ?, checkpoint = NULL, finished_at = NULL, error_code = NULL, error_message = NULL WHERE id = ?",
  )
    .bind(stage, id)
    .run();
  return { type: "stage", jobId: id, workspaceId: user.workspaceId, stage };
}

function formWith(file: Blob) {
  const form = new FormData();
  form.append("file", file, "talk.wav");
  return form;
}

const jobOf = async (id: string) => (await api(`/api/v1/jobs/${id}`, { token: user.accessToken })).body;
const retryOf = async (id: string) => {
  const row = await env.DB.prepare("SELECT checkpoint FROM jobs WHERE id = ?")
    .bind(id)
    .first<{ checkpoint: string | null }>();
  return row?.checkpoint ? JSON.parse(row.checkpoint).retry : undefined;
};

describe("retry budget in time", () => {
  it("keeps a job with transient failures retrying inside the budget, and fails it past the budget with what was tried", async () => {
    const body = await jobWaitingAt("transcription", "transcription");
    const noRunners = { RUNNER_URLS: "http://127.0.0.1:9,http://127.0.0.1:10" };
    const start = Date.now();

    // Far more deliveries than the old cap of 5, spread over 29 minutes: every one is retried.
    for (const [attempt, minute] of [
      [1, 0],
      [2, 1],
      [6, 5],
      [7, 12],
      [12, 20],
      [20, 29],
    ] as const) {
      clockAt(start, minute);
      expect(await deliver(body, attempt, noRunners)).toEqual({ acked: false, retried: true });
      const job = await jobOf(body.jobId);
      expect(job.status).toBe("queued");
      expect(job.currentOperation).toMatch(/retrying: runner unreachable/);
    }
    const record = await retryOf(body.jobId);
    expect(record).toMatchObject({ stage: "transcription", since: new Date(start).toISOString(), failures: 6 });

    // Past 30 minutes since the first failure: dead, with the failures listed in the error.
    clockAt(start, 31);
    expect(await deliver(body, 21, noRunners)).toEqual({ acked: true, retried: false });
    const failed = await jobOf(body.jobId);
    expect(failed.status).toBe("failed");
    expect(failed.error.code).toBe("retries_exhausted");
    expect(failed.error.message).toMatch(
      /^Gave up on the transcription stage after 30 minutes of retrying: 7 failed attempts over 31 min/,
    );
    expect(failed.error.message).toMatch(
      /runner unreachable: .*\(runner http:\/\/127\.0\.0\.1:(9|10)\) \(\d+×, last at /,
    );
    const dead = await env.DB.prepare("SELECT stage, deliveries FROM dead_jobs WHERE job_id = ?")
      .bind(body.jobId)
      .all();
    expect(dead.results).toEqual([{ stage: "transcription", deliveries: 21 }]);
  });

  it("a D1 batch that fails to commit a stage is retried, and the next delivery completes the job once", async () => {
    const body = await jobWaitingAt("diagram", "analysis");
    expect(await deliver(body, 1, { CHAOS_FAULTS: "commit-fail:1" })).toEqual({ acked: false, retried: true });
    const retrying = await jobOf(body.jobId);
    expect(retrying.status).toBe("queued");
    expect((await retryOf(body.jobId)).tried[0].what).toMatch(/D1_ERROR/);

    expect(await deliver(body, 2)).toEqual({ acked: true, retried: false });
    const done = await waitForJob(user.accessToken, body.jobId, jobEnded, 30_000);
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    const diagrams = await env.DB.prepare("SELECT count(*) AS n FROM diagrams WHERE job_id = ?")
      .bind(body.jobId)
      .first<{ n: number }>();
    expect(diagrams!.n).toBe(1);
  });

  it("near the queue's own delivery cap a fresh message carries the job on instead of the dead-letter queue", async () => {
    const body = await jobWaitingAt("transcription", "transcription");
    // A delivery the runners turn away, this close to the cap, is acked and sent again as a new message.
    expect(await deliver(body, QUEUE_MAX_RETRIES - 2, { RUNNER_URLS: "http://127.0.0.1:9" })).toEqual({
      acked: true,
      retried: false,
    });
    // That new message reaches the real runners and finishes the job.
    const job = await waitForJob(user.accessToken, body.jobId, jobEnded, 60_000);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
  });

  it("a stage message the queue dead-lettered inside the budget is sent again, not failed", async () => {
    const body = await jobWaitingAt("diagram", "analysis");
    expect(await deliver(body, QUEUE_MAX_RETRIES + 1, {}, "zukai-jobs-dlq")).toEqual({ acked: true, retried: false });
    const job = await waitForJob(user.accessToken, body.jobId, jobEnded, 30_000);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    const dead = await env.DB.prepare("SELECT count(*) AS n FROM dead_jobs WHERE job_id = ?")
      .bind(body.jobId)
      .first<{ n: number }>();
    expect(dead!.n).toBe(0);
  });
});
