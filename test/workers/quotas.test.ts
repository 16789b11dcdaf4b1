/**
 * Quota boundaries through the public API: the work that reaches a limit succeeds and the next
 * is refused (402 naming quota, limit and current use); concurrent-job slots hold exactly under a
 * burst, or make jobs wait their turn; deleting stored files frees storage.
 */
import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { gbToBytes, PLANS } from "../../workers/billing/plans";
import { api, expectProblem, jobEnded, registerUser, waitForJob } from "./helpers";
import { putEnterpriseTerms } from "./operator";
import { recordUsage } from "./usage-helpers";
import "./provided-context";

const SENTENCE =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure. Finally we draw the diagram.";
/** Past the synchronous limit, so it becomes a queued diagram job. */
const LONG_TEXT = Array.from({ length: 45 }, (_, i) => `Step ${i + 1}: ${SENTENCE}`).join(" ");

describe("projects", () => {
  it("free plan: of 6 concurrent creations exactly 3 succeed, the rest get 402 with the numbers", async () => {
    const user = await registerUser("q-projects");
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api("/api/v1/projects", { token: user.accessToken, json: { name: `p${i}` } }),
      ),
    );
    expect(responses.filter((r) => r.status === 201).length).toBe(PLANS.free.limits.maxProjects);
    for (const res of responses.filter((r) => r.status !== 201)) {
      expectProblem(res, 402, "quota_exceeded");
      expect(res.body).toMatchObject({ quota: "projects", limit: 3, current: 3, unit: "projects" });
    }
    const quota = await api(`/api/v1/workspaces/${user.workspaceId}/quota`, { token: user.accessToken });
    expect(quota.body.quotas.projects).toEqual({ limit: 3, current: 3, unit: "projects" });
  });

  it("the D1 triggers' defaults for workspaces without a billing row are the free plan's", async () => {
    const { results } = await env.DB.prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('artifacts_storage_quota', 'projects_count_quota') ORDER BY name",
    ).all<{ sql: string }>();
    expect(results[0]!.sql).toContain(`), ${gbToBytes(PLANS.free.limits.maxStorageGB)})`);
    expect(results[1]!.sql).toContain(`), ${PLANS.free.limits.maxProjects})`);
  });
});

describe("monthly processing (audio minutes)", () => {
  it("the transcription that reaches the limit runs; the next is refused with 402", async () => {
    const user = await registerUser("q-minutes");
    await putEnterpriseTerms(user.workspaceId, { maxMonthlyProcessingMinutes: 1 });
    // 59 s already transcribed this month (an earlier job's ledger row).
    await recordUsage(env, {
      id: `use_test_${user.workspaceId}`,
      workspaceId: user.workspaceId,
      jobId: null,
      meter: "audio_seconds",
      quantity: 59,
      occurredAt: new Date().toISOString(),
    });
    const url = `${inject("remoteOrigin")}/speech/short.wav`;
    const first = await api("/api/v1/transcribe", { token: user.accessToken, json: { url } });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const done = await waitForJob(user.accessToken, first.body.id, jobEnded);
    expect(done.status).toBe("succeeded");
    const second = await api("/api/v1/transcribe", { token: user.accessToken, json: { url } });
    expectProblem(second, 402, "quota_exceeded");
    expect(second.body).toMatchObject({ quota: "monthly_processing", limit: 1, unit: "minutes" });
    expect(second.body.current).toBeGreaterThan(1);
    const quota = await api(`/api/v1/workspaces/${user.workspaceId}/quota`, { token: user.accessToken });
    expect(quota.body.quotas.monthly_processing.current).toBe(second.body.current);
  });

  it("free plan: diagrams stop at the included 50 a month (no overage without a payment method)", async () => {
    const user = await registerUser("q-diagrams");
    const now = new Date().toISOString();
    for (let i = 0; i < 49; i++)
      await recordUsage(env, {
        id: `use_t${i}_${user.workspaceId}`,
        workspaceId: user.workspaceId,
        jobId: null,
        meter: "diagrams",
        quantity: 1,
        occurredAt: now,
      });
    const fiftieth = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    expect(fiftieth.status, JSON.stringify(fiftieth.body)).toBe(201);
    const next = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    expectProblem(next, 402, "quota_exceeded");
    expect(next.body).toMatchObject({ quota: "monthly_diagrams", limit: 50, current: 50 });
  });

  it("refuses a resolution above the plan's", async () => {
    const user = await registerUser("q-res");
    const diagram = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    const res = await api("/api/v1/generate-video", {
      token: user.accessToken,
      json: { diagramId: diagram.body.id, resolution: "4k" },
    });
    expectProblem(res, 402, "quota_exceeded");
    expect(res.body).toMatchObject({ quota: "max_resolution", limit: "720p", current: "4k" });
  });
});

describe("concurrent jobs", () => {
  it("plan setting 'reject': a burst of 6 gets exactly 2 accepted and 4 refused with 429; a slot frees when a job ends", async () => {
    const user = await registerUser("q-burst");
    await putEnterpriseTerms(user.workspaceId, { maxConcurrentJobs: 2, overConcurrency: "reject" });
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } }),
      ),
    );
    const accepted = burst.filter((r) => r.status === 202);
    expect(accepted.length).toBe(2);
    for (const res of burst.filter((r) => r.status !== 202)) {
      expectProblem(res, 429, "concurrency_limited");
      expect(res.body).toMatchObject({ quota: "concurrent_jobs", limit: 2, current: 2, unit: "jobs" });
      expect(res.headers.get("Retry-After")).toBeTruthy();
    }
    for (const res of accepted)
      expect((await waitForJob(user.accessToken, res.body.jobId ?? res.body.id)).status).toBe("succeeded");
    const after = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } });
    expect(after.status, JSON.stringify(after.body)).toBe(202);
  });

  it("plan setting 'queue': every job is accepted and they run one at a time, in turn", async () => {
    const user = await registerUser("q-queue");
    await putEnterpriseTerms(user.workspaceId, { maxConcurrentJobs: 1, overConcurrency: "queue" });
    const burst = await Promise.all(
      Array.from({ length: 3 }, () =>
        api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual([202, 202, 202]);
    const jobs = await Promise.all(burst.map((r) => waitForJob(user.accessToken, r.body.jobId ?? r.body.id)));
    expect(jobs.map((j) => j.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const intervals = jobs
      .map((j) => [Date.parse(j.startedAt), Date.parse(j.finishedAt)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);
    const quota = await api(`/api/v1/workspaces/${user.workspaceId}/quota`, { token: user.accessToken });
    expect(quota.body.quotas.concurrent_jobs).toMatchObject({
      limit: 1,
      current: 0,
      waiting: 0,
      overConcurrency: "queue",
    });
  });
});

describe("storage", () => {
  it("refuses a file past the limit, and deleting stored files frees the space", async () => {
    const user = await registerUser("q-storage");
    const limitBytes = 40_000;
    await putEnterpriseTerms(user.workspaceId, { maxStorageGB: limitBytes / 1e9 });
    const project = await api("/api/v1/projects", { token: user.accessToken, json: { name: "drafts" } });
    let refused: Awaited<ReturnType<typeof api<{ current: number }>>> | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await api("/api/v1/generate-diagram", {
        token: user.accessToken,
        json: { text: `${SENTENCE} Round ${i}.`, projectId: project.body.id },
      });
      if (res.status !== 201) refused = res;
    }
    expect(refused, "the limit was never reached").toBeDefined();
    expectProblem(refused!, 402, "quota_exceeded");
    expect(refused!.body).toMatchObject({ quota: "storage", limit: limitBytes, unit: "bytes" });
    expect(refused!.body.current).toBeLessThanOrEqual(limitBytes);
    expect(refused!.body.current).toBeGreaterThan(limitBytes / 2);
    // Nothing half-written: the refused diagram left no job behind.
    const jobs = await api(`/api/v1/jobs?projectId=${project.body.id}&limit=100`, { token: user.accessToken });
    const stored = await env.DB.prepare("SELECT COUNT(DISTINCT job_id) AS n FROM artifacts WHERE workspace_id = ?")
      .bind(user.workspaceId)
      .first<{ n: number }>();
    expect(jobs.body.items.length).toBe(stored!.n);

    const deleted = await api(`/api/v1/projects/${project.body.id}?force=true`, {
      method: "DELETE",
      token: user.accessToken,
    });
    expect(deleted.status, JSON.stringify(deleted.body)).toBeLessThan(300);
    const quota = await api(`/api/v1/workspaces/${user.workspaceId}/quota`, { token: user.accessToken });
    expect(quota.body.quotas.storage).toEqual({ limit: limitBytes, current: 0, unit: "bytes" });
    const again = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    expect(again.status).toBe(201);
  });
});
