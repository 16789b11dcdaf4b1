/**
 * GET /metrics: bearer-protected Prometheus exposition whose counters add up every request, job
 * stage, socket and refusal, merged across the metrics shards. Values are compared as deltas
 * between two scrapes, so the test checks exactly what it produced.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../workers/index";
import { metricsShard } from "../../workers/metrics/buffer";
import { api, BASE, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";
import { openSocket } from "./ws-client";

const TOKEN = "test-metrics-token-0123456789abcdef";
const EN =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure of the talk. Finally we draw the diagram and render the video.";

type Exposition = Map<string, number>;

/** Scrapes /metrics and parses every sample line into `name{labels}` → value. */
async function scrape(): Promise<{ text: string; samples: Exposition }> {
  const res = await api<string>("/metrics", { token: TOKEN });
  expect(res.status, String(res.body)).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples: Exposition = new Map();
  for (const line of res.body.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-z_]+(?:\{.*\})?) (\S+)$/.exec(line);
    expect(match, line).not.toBeNull();
    samples.set(match![1]!, Number(match![2]));
  }
  return { text: res.body, samples };
}

const value = (e: Exposition, key: string) => e.get(key) ?? 0;

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("metrics");
});

describe("GET /metrics", () => {
  it("refuses a missing or wrong token with a problem document", async () => {
    expectProblem(await api("/metrics"), 401, "missing_credentials");
    expectProblem(await api("/metrics", { token: "not-the-metrics-token-at-all" }), 401, "invalid_operator_token");
    expectProblem(await api("/metrics", { token: "test-admin-token-0123456789abcdef" }), 401, "invalid_operator_token");
  });

  it("counts requests and their latency by route template and status, never by raw path", async () => {
    const before = (await scrape()).samples;
    for (let i = 0; i < 5; i++) expect((await api("/api/v1/projects", { token: user.accessToken })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const missing = await api(`/api/v1/projects/prj_${"0".repeat(25)}${i}`, { token: user.accessToken });
      expectProblem(missing, 404);
    }
    const { text, samples: after } = await scrape();
    const ok = 'method="GET",route="/api/v1/projects",status="200"';
    const notFound = 'method="GET",route="/api/v1/projects/:projectId",status="404"';
    expect(value(after, `zukai_http_requests_total{${ok}}`) - value(before, `zukai_http_requests_total{${ok}}`)).toBe(
      5,
    );
    expect(
      value(after, `zukai_http_requests_total{${notFound}}`) - value(before, `zukai_http_requests_total{${notFound}}`),
    ).toBe(3);
    expect(
      value(after, `zukai_http_request_duration_seconds_count{${ok}}`) -
        value(before, `zukai_http_request_duration_seconds_count{${ok}}`),
    ).toBe(5);
    expect(value(after, `zukai_http_request_duration_seconds_bucket{${ok},le="+Inf"}`)).toBe(
      value(after, `zukai_http_request_duration_seconds_count{${ok}}`),
    );
    expect(
      value(after, 'zukai_http_problems_total{code="not_found",status="404"}') -
        value(before, 'zukai_http_problems_total{code="not_found",status="404"}'),
    ).toBe(3);
    // Buckets are cumulative; no raw id ever becomes a label.
    const buckets = [...after]
      .filter(([k]) => k.startsWith(`zukai_http_request_duration_seconds_bucket{${ok}`))
      .map(([, v]) => v);
    expect(buckets.length).toBe(14);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1]!);
    expect(text).not.toMatch(/prj_0000/);
    expect(text).toMatch(/^# TYPE zukai_http_request_duration_seconds histogram$/m);
  });

  it("counts rate-limit rejections", async () => {
    // The Worker itself, with a sign-in limit of one request a minute for this test's requests.
    const strict = { ...env, AUTH_RATE_LIMIT_PER_MINUTE: "1" };
    const login = () =>
      new Request(`${BASE}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.77" },
        body: JSON.stringify({ email: "nobody@example.test", password: "whatever it is" }),
      });
    const before = (await scrape()).samples;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = createExecutionContext();
      statuses.push((await worker.fetch(login(), strict, ctx)).status);
      await waitOnExecutionContext(ctx);
    }
    expect(statuses).toEqual([401, 429, 429]);
    const after = (await scrape()).samples;
    const key = 'zukai_rate_limit_rejections_total{scope="/api/v1/auth/login"}';
    expect(value(after, key) - value(before, key)).toBe(2);
    const problems = 'zukai_http_problems_total{code="rate_limited",status="429"}';
    expect(value(after, problems) - value(before, problems)).toBe(2);
  });

  it("counts quota refusals by the quota that refused", async () => {
    const before = (await scrape()).samples;
    const form = new FormData();
    form.append("resolution", "1080p");
    form.append("file", await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob(), "talk.wav");
    // The free plan renders up to 720p (docs/tenancy.md).
    expectProblem(await api("/api/v1/pipelines", { token: user.accessToken, body: form }), 402, "quota_exceeded");
    const after = (await scrape()).samples;
    const key = 'zukai_quota_refusals_total{quota="max_resolution"}';
    expect(value(after, key) - value(before, key)).toBe(1);
  });

  it("records job stages by kind, stage and outcome, finished jobs, and queue message ages", async () => {
    const before = (await scrape()).samples;
    const long = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: ${EN}`).join(" ");
    const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: long } });
    expect(res.status).toBe(202);
    const job = await waitForJob(user.accessToken, res.body.id);
    expect(job.status).toBe("succeeded");
    // The consumer flushes its batch a moment after the stage; poll until both stages arrived.
    let after = before;
    for (let i = 0; i < 50; i++) {
      after = (await scrape()).samples;
      if (
        value(after, 'zukai_jobs_finished_total{kind="diagram",status="succeeded"}') >
        value(before, 'zukai_jobs_finished_total{kind="diagram",status="succeeded"}')
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const stage of ["analysis", "visualization"]) {
      const key = `zukai_job_stage_duration_seconds_count{kind="diagram",stage="${stage}",status="succeeded"}`;
      expect(value(after, key) - value(before, key), key).toBe(1);
    }
    expect(
      value(after, 'zukai_jobs_finished_total{kind="diagram",status="succeeded"}') -
        value(before, 'zukai_jobs_finished_total{kind="diagram",status="succeeded"}'),
    ).toBe(1);
    // Both stages run under the job's one message (the Worker runs visualization right after analysis).
    const ages = 'zukai_queue_message_age_seconds_count{queue="zukai-jobs"}';
    expect(value(after, ages) - value(before, ages)).toBeGreaterThanOrEqual(1);
    expect(after.has('zukai_queue_depth{queue="zukai-jobs"}')).toBe(true);
    expect(after.get('zukai_jobs{status="running"}')).toBe(0);
    expect(value(after, 'zukai_active_workspaces{plan="free"}')).toBeGreaterThanOrEqual(1);
  });

  it("counts workspaces by plan from D1", async () => {
    const before = (await scrape()).samples;
    await registerUser("metrics-plan");
    const after = (await scrape()).samples;
    expect(value(after, 'zukai_workspaces{plan="free"}') - value(before, 'zukai_workspaces{plan="free"}')).toBe(1);
  });

  it("reports open WebSocket connections from the hubs", async () => {
    const before = value((await scrape()).samples, "zukai_websocket_connections");
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    let open = before;
    for (let i = 0; i < 50 && open !== before + 1; i++) {
      open = value((await scrape()).samples, "zukai_websocket_connections");
      if (open !== before + 1) await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toBe(before + 1);
    socket.close();
    await socket.closed;
    let closed = open;
    for (let i = 0; i < 50 && closed !== before; i++) {
      closed = value((await scrape()).samples, "zukai_websocket_connections");
      if (closed !== before) await new Promise((r) => setTimeout(r, 100));
    }
    expect(closed).toBe(before);
  });

  it("adds up counters held by different shards", async () => {
    const key = 'zukai_dlq_messages_total{type="shard-merge-check"}';
    await metricsShard(env, 1).add([{ n: "zukai_dlq_messages_total", l: 'type="shard-merge-check"', b: -1, v: 2 }]);
    await metricsShard(env, 6).add([{ n: "zukai_dlq_messages_total", l: 'type="shard-merge-check"', b: -1, v: 3 }]);
    expect(value((await scrape()).samples, key)).toBe(5);
  });
});
