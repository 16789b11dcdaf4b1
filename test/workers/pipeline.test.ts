/**
 * The four-stage pipeline in workerd against real runner processes: stages in order, resuming at
 * the failed stage after a runner dies, duplicate deliveries, cancel mid-render, videos with Range.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../workers/index";
import type { StageMessage } from "../../workers/jobs/messages";
import { api, expectProblem, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";
import { restartRunner, withRunnerLease } from "./runner-control";

let user: TestUser;
let shortWav: Blob;
beforeAll(async () => {
  user = await registerUser("pipeline");
  // 1080p renders need a paid plan (the free plan stops at 720p, docs/tenancy.md).
  expect(
    (
      await api(`/api/v1/workspaces/${user.workspaceId}/billing/plan`, {
        token: user.accessToken,
        json: { plan: "starter", cycle: "monthly" },
      })
    ).status,
  ).toBe(200);
  shortWav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
});

async function startPipeline(fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", shortWav, "talk.wav");
  const res = await api("/api/v1/pipelines", { token: user.accessToken, body: form });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe("pipeline", () => {
  let jobId: string;

  it("runs transcription → analysis → visualization → rendering and keeps every artifact", async () => {
    const accepted = await startPipeline({ resolution: "720p", captions: "burned" });
    expect(accepted.stages.map((s: { name: string }) => s.name)).toEqual([
      "transcription",
      "analysis",
      "visualization",
      "rendering",
    ]);
    jobId = accepted.id;
    const job = await waitForJob(user.accessToken, jobId, jobEnded);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.stages.every((s: { status: string }) => s.status === "succeeded")).toBe(true);
    expect(job.artifacts.map((a: { name: string }) => a.name).sort()).toEqual(
      ["diagram.json", "diagram.mmd", "diagram.svg", "input", "poster.png", "transcript.json", "video.mp4"].sort(),
    );
    const meters = await env.DB.prepare("SELECT meter FROM usage_events WHERE job_id = ? ORDER BY meter")
      .bind(jobId)
      .all<{ meter: string }>();
    expect(meters.results.map((r) => r.meter)).toEqual(["audio_seconds", "diagrams", "render_seconds_720p"]);
    // Nothing in R2 that no artifact row accounts for.
    const keys = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${jobId}/` })).objects
      .map((o) => o.key)
      .sort();
    const recorded = (
      await env.DB.prepare("SELECT r2_key FROM artifacts WHERE job_id = ? AND r2_key LIKE 'ws/%/jobs/%'")
        .bind(jobId)
        .all<{ r2_key: string }>()
    ).results
      .map((r) => r.r2_key)
      .sort();
    expect(keys).toEqual(recorded);
  });

  it("serves the video with HTTP Range and its poster", async () => {
    const id = `vid_${jobId.slice(4)}`;
    const video = await api(`/api/v1/videos/${id}`, { token: user.accessToken });
    expect(video.body).toMatchObject({ id, status: "succeeded", resolution: "720p" });
    const part = await api(`/api/v1/videos/${id}.mp4`, { token: user.accessToken, headers: { Range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes 0-99/${video.body.size}`);
    expect(part.headers.get("Content-Length")).toBe("100");
    expectProblem(
      await api(`/api/v1/videos/${id}.mp4`, {
        token: user.accessToken,
        headers: { Range: `bytes=${video.body.size + 10}-` },
      }),
      416,
      "range_not_satisfiable",
    );
    const poster = await api(`/api/v1/videos/${id}.png`, { token: user.accessToken });
    expect(poster.headers.get("Content-Type")).toBe("image/png");
    const stranger = await registerUser("video-stranger");
    expectProblem(await api(`/api/v1/videos/${id}.mp4`, { token: stranger.accessToken }), 404);
  });

  it("re-rendering with identical inputs reuses the earlier video by content hash and bills nothing", async () => {
    const suffix = jobId.slice(4);
    const request = { diagramId: `dgm_${suffix}`, audio: `trn_${suffix}`, resolution: "720p", captions: "burned" };
    const same = await api("/api/v1/generate-video", { token: user.accessToken, json: request });
    expect(same.status, JSON.stringify(same.body)).toBe(202);
    const reused = await waitForJob(user.accessToken, same.body.id);
    expect(reused.status, JSON.stringify(reused.error)).toBe("succeeded");
    const sha = async (id: string) =>
      (await env.DB.prepare("SELECT sha256 FROM artifacts WHERE job_id = ? AND name = 'video.mp4'")
        .bind(id)
        .first<{ sha256: string }>())!.sha256;
    expect(await sha(reused.id)).toBe(await sha(jobId));
    expect(await count("SELECT count(*) AS n FROM usage_events WHERE job_id = ?", reused.id)).toBe(0);

    const other = await api("/api/v1/generate-video", { token: user.accessToken, json: { ...request, theme: "dark" } });
    const rendered = await waitForJob(user.accessToken, other.body.id);
    expect(rendered.status, JSON.stringify(rendered.error)).toBe("succeeded");
    expect(await sha(rendered.id)).not.toBe(await sha(jobId));
    expect(
      await count(
        "SELECT count(*) AS n FROM usage_events WHERE job_id = ? AND meter = 'render_seconds_720p'",
        rendered.id,
      ),
    ).toBe(1);
  });

  it("a duplicate delivery of any stage renders nothing twice", async () => {
    const before = await count("SELECT count(*) AS n FROM artifacts WHERE job_id = ?", jobId);
    const messages = (["transcription", "analysis", "visualization", "rendering"] as const).map((stage, i) => ({
      id: `dup-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: { type: "stage", jobId, workspaceId: user.workspaceId, stage } satisfies StageMessage,
    }));
    const batch = createMessageBatch("zukai-jobs", messages);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(await count("SELECT count(*) AS n FROM artifacts WHERE job_id = ?", jobId)).toBe(before);
    expect(await count("SELECT count(*) AS n FROM usage_events WHERE job_id = ?", jobId)).toBe(3);
  });

  it(
    "a runner killed while rendering: the job resumes at rendering, transcribed once",
    () =>
      withRunnerLease(async () => {
        const accepted = await startPipeline({ resolution: "1080p" });
        await waitForJob(
          user.accessToken,
          accepted.id,
          (job) => job.stage === "rendering" && job.status === "running",
          120_000,
        );
        const killed = await fetch(`${inject("runnerControlUrl")}/kill-job/${accepted.id}`, { method: "POST" });
        expect(killed.status).toBe(200);
        const { index } = await killed.json<{ index: number }>();
        try {
          const job = await waitForJob(user.accessToken, accepted.id, jobEnded, 180_000);
          expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
          expect(await count("SELECT count(*) AS n FROM transcripts WHERE job_id = ?", accepted.id)).toBe(1);
          expect(await count("SELECT count(*) AS n FROM usage_events WHERE job_id = ?", accepted.id)).toBe(3);
        } finally {
          await restartRunner(index);
        }
      }),
    300_000,
  );

  it("cancel during rendering leaves no video behind", async () => {
    // Settings no earlier job used, so the render is not reused from one.
    const accepted = await startPipeline({ resolution: "1080p", theme: "dark", transition: "cut" });
    await waitForJob(
      user.accessToken,
      accepted.id,
      (job) => job.stage === "rendering" && job.status === "running",
      120_000,
    );
    expect((await api(`/api/v1/jobs/${accepted.id}`, { method: "DELETE", token: user.accessToken })).body.status).toBe(
      "canceled",
    );
    await new Promise((r) => setTimeout(r, 3000));
    const names = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${accepted.id}/` })).objects.map((o) =>
      o.key.split("/").pop(),
    );
    expect(names).not.toContain("video.mp4");
    expect(names).not.toContain("poster.png");
    expect(
      await count("SELECT count(*) AS n FROM usage_events WHERE job_id = ? AND meter LIKE 'render%'", accepted.id),
    ).toBe(0);
  });
});

describe("batch", () => {
  it("creates what it can, reports what it refused, and aggregates", async () => {
    const res = await api("/api/v1/batch", {
      token: user.accessToken,
      json: {
        items: [
          { kind: "diagram", request: { text: "First plan. Then build. Finally ship." } },
          { kind: "transcription", request: { url: "https://10.0.0.1/a.mp3" } },
          { kind: "diagram", request: { text: "まず計画します。次に作ります。最後に出荷します。", type: "flow" } },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.aggregate).toMatchObject({ total: 3, refused: 1, succeeded: 2, done: true });
    expect(res.body.items[1]).toMatchObject({ status: "refused", error: { code: "url_not_allowed" } });
    const again = await api(`/api/v1/batch/${res.body.id}`, { token: user.accessToken });
    expect(again.body.items.map((i: { status: string }) => i.status)).toEqual(["succeeded", "refused", "succeeded"]);
    const jobs = await api(`/api/v1/jobs?kind=diagram`, { token: user.accessToken });
    expect(jobs.body.items.filter((j: { batchId: string }) => j.batchId === res.body.id)).toHaveLength(2);
    expectProblem(
      await api("/api/v1/batch", {
        token: user.accessToken,
        json: { items: Array.from({ length: 101 }, () => ({ kind: "diagram", request: { text: "x" } })) },
      }),
      422,
    );
  });
});
