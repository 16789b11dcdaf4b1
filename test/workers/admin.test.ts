/**
 * Operator endpoints behind ADMIN_TOKEN: the platform status, and dead jobs (stages that used up
 * their retries) listed across workspaces and replayed through the real queue.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import type { StageMessage } from "../../workers/jobs/messages";
import { api, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import { ADMIN_TOKEN } from "./operator";

const EN =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure of the talk. Finally we draw the diagram and render the video.";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("admin");
});

/** Delivers `body` to the dead-letter consumer as the queue would after its last retry. */
async function deadLetter(body: StageMessage, id: string) {
  const batch = createMessageBatch("zukai-jobs-dlq", [{ id, timestamp: new Date(), attempts: 6, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([id]);
}

/** Puts a job back at a lost analysis stage whose retry budget is spent (workers/pipeline/retry-budget.ts). */
async function waitAtAnalysisBudgetSpent(jobId: string) {
  const at = "2026-01-01T00:00:00.000Z";
  const spent = {
    retry: {
      stage: "analysis",
      since: at,
      failures: 1,
      tried: [{ what: "Error: D1_ERROR: network connection lost", times: 1, last: at }],
    },
  };
  await env.DB.prepare(
    "UPDATE jobs SET status = 'queued', stage = 'analysis', finished_at = NULL, checkpoint = ? WHERE id = ?",
  )
    .bind(JSON.stringify(spent), jobId)
    .run();
}

describe("operator authentication", () => {
  it("refuses a missing token, a wrong one and the metrics token", async () => {
    expectProblem(await api("/api/v1/admin/status"), 401, "missing_credentials");
    expectProblem(
      await api("/api/v1/admin/status", { token: "wrong-admin-token-0123456789" }),
      401,
      "invalid_operator_token",
    );
    expectProblem(
      await api("/api/v1/admin/dead-jobs", { token: "test-metrics-token-0123456789abcdef" }),
      401,
      "invalid_operator_token",
    );
    // A signed-in user is not an operator.
    expectProblem(await api("/api/v1/admin/dead-jobs", { token: user.accessToken }), 401, "invalid_operator_token");
  });
});

describe("GET /api/v1/admin/status", () => {
  it("shows the runner pool checked now, the queue, dead jobs and D1/R2 latency", async () => {
    const res = await api("/api/v1/admin/status", { token: ADMIN_TOKEN });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.runners).toMatchObject({ mode: "local", total: 2 });
    expect(res.body.runners.items).toHaveLength(2);
    for (const runner of res.body.runners.items) {
      expect(runner.name).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(runner.lastCheckAt).not.toBeNull();
      if (runner.up) expect(runner.maxJobs).toBeGreaterThan(0);
    }
    expect(res.body.dependencies.d1.ok).toBe(true);
    expect(res.body.dependencies.r2.ok).toBe(true);
    expect(res.body.dependencies.d1.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.queue.depth).toBeGreaterThanOrEqual(0);
    expect(res.body.deadJobs.pending).toBe(0);
  });
});

describe("dead jobs", () => {
  let jobId: string;
  let deadId: string;

  it("records a stage that reached the dead-letter queue once, across redeliveries", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: ${EN}`).join(" ");
    const created = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: long } });
    expect(created.status).toBe(202);
    jobId = created.body.id;
    await waitForJob(user.accessToken, jobId);
    // Put the job back where a lost analysis stage would leave it, then let the DLQ consumer give up on it.
    await waitAtAnalysisBudgetSpent(jobId);
    const body: StageMessage = { type: "stage", jobId, workspaceId: user.workspaceId, stage: "analysis" };
    await deadLetter(body, "dead-1");
    await deadLetter(body, "dead-1-again");

    const job = (await api(`/api/v1/jobs/${jobId}`, { token: user.accessToken })).body;
    expect(job.status).toBe("failed");
    expect(job.error.code).toBe("retries_exhausted");

    const list = await api("/api/v1/admin/dead-jobs", { token: ADMIN_TOKEN });
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((d: { jobId: string }) => d.jobId === jobId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      workspaceId: user.workspaceId,
      stage: "analysis",
      deliveries: 6,
      replayedAt: null,
    });
    expect(mine[0].reason).toMatch(
      /^Gave up on the analysis stage after 30 minutes of retrying: 1 failed attempt over \d+ min since 2026-01-01T00:00:00.000Z: Error: D1_ERROR: network connection lost \(1×/,
    );
    deadId = mine[0].id;
    expect((await api("/api/v1/admin/status", { token: ADMIN_TOKEN })).body.deadJobs.pending).toBe(1);
  });

  it("replays a dead job: the stage is queued again and the job completes", async () => {
    const replayed = await api(`/api/v1/admin/dead-jobs/${deadId}/replay`, { token: ADMIN_TOKEN, method: "POST" });
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(202);
    expect(replayed.headers.get("Location")).toBe(`/api/v1/jobs/${jobId}`);
    expect(replayed.body.replayedAt).not.toBeNull();
    const job = await waitForJob(user.accessToken, jobId);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.error ?? null).toBeNull();

    expectProblem(
      await api(`/api/v1/admin/dead-jobs/${deadId}/replay`, { token: ADMIN_TOKEN, method: "POST" }),
      409,
      "already_replayed",
    );
    const pending = await api("/api/v1/admin/dead-jobs", { token: ADMIN_TOKEN });
    expect(pending.body.items.map((d: { id: string }) => d.id)).not.toContain(deadId);
    const all = await api("/api/v1/admin/dead-jobs?state=all", { token: ADMIN_TOKEN });
    expect(all.body.items.find((d: { id: string }) => d.id === deadId).replayedAt).toEqual(expect.any(String));
  });

  it("answers 404 for an unknown dead job and 422 for a malformed id or query", async () => {
    expectProblem(
      await api(`/api/v1/admin/dead-jobs/dlj_${"0".repeat(26)}/replay`, { token: ADMIN_TOKEN, method: "POST" }),
      404,
      "not_found",
    );
    expectProblem(
      await api("/api/v1/admin/dead-jobs/job_123/replay", { token: ADMIN_TOKEN, method: "POST" }),
      422,
      "validation_failed",
    );
    expectProblem(await api("/api/v1/admin/dead-jobs?limit=1000", { token: ADMIN_TOKEN }), 422, "validation_failed");
    expectProblem(await api("/api/v1/admin/dead-jobs?cursor=bogus", { token: ADMIN_TOKEN }), 400, "invalid_cursor");
  });

  it("refuses to replay a dead job whose job was canceled meanwhile, changing nothing", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Part ${i + 1}: ${EN}`).join(" ");
    const created = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: long } });
    const id = created.body.id;
    await waitForJob(user.accessToken, id);
    await waitAtAnalysisBudgetSpent(id);
    await deadLetter({ type: "stage", jobId: id, workspaceId: user.workspaceId, stage: "analysis" }, "dead-2");
    const dead = (await api("/api/v1/admin/dead-jobs", { token: ADMIN_TOKEN })).body.items.find(
      (d: { jobId: string }) => d.jobId === id,
    );
    await env.DB.prepare("UPDATE jobs SET status = 'canceled', error_code = NULL WHERE id = ?").bind(id).run();
    expectProblem(
      await api(`/api/v1/admin/dead-jobs/${dead.id}/replay`, { token: ADMIN_TOKEN, method: "POST" }),
      409,
      "not_replayable",
    );
    const row = await env.DB.prepare("SELECT replayed_at FROM dead_jobs WHERE id = ?")
      .bind(dead.id)
      .first<{ replayed_at: string | null }>();
    expect(row!.replayed_at).toBeNull();
    expect((await api(`/api/v1/jobs/${id}`, { token: user.accessToken })).body.status).toBe("canceled");
  });
});

describe("PUT /api/v1/admin/workspaces/{id}/enterprise-terms", () => {
  const path = (id: string) => `/api/v1/admin/workspaces/${id}/enterprise-terms`;

  it("is an operator action: a workspace owner cannot put their own workspace on enterprise", async () => {
    const owner = await registerUser("ent-self");
    const json = { terms: { maxConcurrentJobs: 500 } };
    expectProblem(
      await api(path(owner.workspaceId), { method: "PUT", token: owner.accessToken, json }),
      401,
      "invalid_operator_token",
    );
    expect((await api(`/api/v1/workspaces/${owner.workspaceId}/billing`, { token: owner.accessToken })).body.plan).toBe(
      "free",
    );
  });

  it("starts the contract once, in the currency asked, and later calls change only the terms", async () => {
    const owner = await registerUser("ent-terms");
    const first = await api(path(owner.workspaceId), {
      method: "PUT",
      token: ADMIN_TOKEN,
      json: { terms: { prices: { monthly: 60_000 } }, currency: "jpy", cycle: "monthly" },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ plan: "enterprise", currency: "jpy", cycle: "monthly" });
    const account = await api(`/api/v1/workspaces/${owner.workspaceId}/billing`, { token: owner.accessToken });
    expect(account.body).toMatchObject({ plan: "enterprise", currency: "jpy", price: { amountMinor: 60_000 } });

    const again = await api(path(owner.workspaceId), {
      method: "PUT",
      token: ADMIN_TOKEN,
      json: { terms: { maxConcurrentJobs: 3 }, currency: "usd" },
    });
    expect(again.body).toMatchObject({ currency: "jpy", periodStart: first.body.periodStart });
    expect(again.body.terms).toEqual({ maxConcurrentJobs: 3 });
  });

  it("answers 404 for no such workspace and 422 for terms it does not know, writing nothing", async () => {
    const owner = await registerUser("ent-bad");
    expectProblem(
      await api(path("ws_00000000000000000000000000"), { method: "PUT", token: ADMIN_TOKEN, json: { terms: {} } }),
      404,
    );
    const unknown = await api(path(owner.workspaceId), {
      method: "PUT",
      token: ADMIN_TOKEN,
      json: { terms: { maxProjects: -1, free: true } },
    });
    expect(unknown.status).toBe(422);
    expect((await api(`/api/v1/workspaces/${owner.workspaceId}/billing`, { token: owner.accessToken })).body.plan).toBe(
      "free",
    );
  });
});
