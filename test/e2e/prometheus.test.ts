/**
 * The real Prometheus (Debian's package) scrapes the running local platform with the shipped
 * config (only target, scheme, token file and intervals changed); the test produces known traffic,
 * finds exactly those values through Prometheus's HTTP API, and runs every Grafana panel query.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, ROOT, startLocalPlatform } from "../../scripts/local-platform.mjs";

const PROMETHEUS = "http://127.0.0.1:9091";
const METRICS_TOKEN = `e2e-metrics-${Date.now()}-0123456789`;

let platform: LocalPlatform;
let prometheus: ChildProcess;
let dir: string;

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not happen in ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/** An instant query; the value of each series keyed by its labels' JSON. */
async function query(expr: string): Promise<{
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
}> {
  const res = await fetch(`${PROMETHEUS}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  return res.json() as never;
}

async function scalar(expr: string): Promise<number | undefined> {
  const body = await query(expr);
  const first = body.data?.result[0];
  return first ? Number(first.value[1]) : undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zukai-prom-e2e-"));
  const devVars = path.join(dir, ".dev.vars");
  writeFileSync(
    devVars,
    `${[`JWT_SECRET=e2e-${"s".repeat(40)}`, "JWT_PRIVATE_JWK=", "JWT_PUBLIC_JWKS=", `METRICS_TOKEN=${METRICS_TOKEN}`, `ADMIN_TOKEN=e2e-admin-${"a".repeat(20)}`].join("\n")}\n`,
  );
  platform = await startLocalPlatform({ port: 8799, runnerPort: 8800, persistTo: path.join(dir, "state"), devVars });

  const tokenFile = path.join(dir, "metrics-token");
  writeFileSync(tokenFile, METRICS_TOKEN);
  const shipped = readFileSync(path.join(ROOT, "monitoring/prometheus.yml"), "utf8");
  const config = shipped
    .replace("scheme: https", "scheme: http")
    .replace('targets: ["api.zukai.dev"]', `targets: ["127.0.0.1:8799"]`)
    .replace("/etc/prometheus/zukai-metrics-token", tokenFile)
    .replace("scrape_interval: 15s", "scrape_interval: 1s")
    .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
    .replace("scrape_timeout: 10s", "scrape_timeout: 1s");
  expect(config).not.toBe(shipped);
  writeFileSync(path.join(dir, "prometheus.yml"), config);
  copyFileSync(path.join(ROOT, "monitoring/alerts.yml"), path.join(dir, "alerts.yml"));
  mkdirSync(path.join(dir, "tsdb"));
  prometheus = spawn(
    "/usr/bin/prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      "--web.listen-address=127.0.0.1:9091",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  prometheus.stderr!.on("data", (chunk) => (log += chunk));
  await waitFor(
    () => fetch(`${PROMETHEUS}/-/ready`).then((r) => r.status),
    (s) => s === 200,
    30_000,
    `Prometheus ready\n${log}`,
  );
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    await new Promise<void>((resolve) => {
      prometheus.once("exit", () => resolve());
      prometheus.kill("SIGTERM");
    });
  }
  await platform?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe("Prometheus scraping the platform", () => {
  it("scrapes /metrics with the token from the file and finds the values the test produced", async () => {
    const unauthorised = await fetch(`${platform.url}/metrics`);
    expect(unauthorised.status).toBe(401);

    const reg = await call("/api/v1/auth/register", {
      method: "POST",
      json: { email: `prom-${Date.now()}@example.test`, password: "a long enough password", name: "Prom" },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.tokens.accessToken;
    for (let i = 0; i < 7; i++) expect((await call("/api/v1/projects", { token })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await call(`/api/v1/projects/prj_${"0".repeat(25)}${i}`, { token })).status).toBe(404);
    // One diagram job (analysis → visualization, run by the queue consumer in the Worker).
    const text = Array.from(
      { length: 80 },
      (_, i) => `Step ${i + 1}: first we collect the data, then we analyse it, finally we draw the diagram.`,
    ).join(" ");
    const created = await call("/api/v1/generate-diagram", { method: "POST", token, json: { text } });
    expect(created.status).toBe(202);
    const job = await waitFor(
      () => call(`/api/v1/jobs/${created.body.id}`, { token }),
      (r) => r.body.status === "succeeded",
      60_000,
      "the diagram job",
    );
    expect(job.body.status).toBe("succeeded");

    await waitFor(
      () => scalar('up{job="zukai"}'),
      (v) => v === 1,
      30_000,
      "a successful scrape",
    );
    const ok = 'zukai_http_requests_total{job="zukai",method="GET",route="/api/v1/projects",status="200"}';
    expect(
      await waitFor(
        () => scalar(ok),
        (v) => v === 7,
        30_000,
        "7 project lists in Prometheus",
      ),
    ).toBe(7);
    expect(
      await scalar('zukai_http_requests_total{method="GET",route="/api/v1/projects/:projectId",status="404"}'),
    ).toBe(3);
    expect(await scalar('zukai_http_requests_total{method="POST",route="/api/v1/auth/register",status="201"}')).toBe(1);
    expect(
      await scalar('zukai_http_request_duration_seconds_count{method="GET",route="/api/v1/projects",status="200"}'),
    ).toBe(7);
    expect(await scalar('zukai_http_problems_total{code="not_found"}')).toBe(3);
    // Fresh state: the one personal workspace this test registered, active since it created a job.
    expect(await scalar('zukai_workspaces{plan="free"}')).toBe(1);
    expect(
      await waitFor(
        () => scalar('zukai_jobs_finished_total{kind="diagram",status="succeeded"}'),
        (v) => v === 1,
        30_000,
        "the finished job",
      ),
    ).toBe(1);
    for (const stage of ["analysis", "visualization"]) {
      expect(
        await scalar(`zukai_job_stage_duration_seconds_count{kind="diagram",stage="${stage}",status="succeeded"}`),
      ).toBe(1);
    }
    expect(await scalar('zukai_active_workspaces{plan="free"}')).toBe(1);
    expect(await scalar('zukai_queue_depth{queue="zukai-jobs"}')).toBe(0);
    expect(await scalar("zukai_websocket_connections")).toBe(0);
    // The one local runner, checked by the pool (the scrape reads what the pool last saw).
    await call("/api/v1/admin/status", { token: `e2e-admin-${"a".repeat(20)}` });
    expect(
      await waitFor(
        () => scalar(`zukai_runner_up{runner="${platform.runnerUrl}"}`),
        (v) => v === 1,
        30_000,
        "the runner in the pool",
      ),
    ).toBe(1);
    expect(await scalar('zukai_runners{state="up"}')).toBe(1);
  });

  it("runs every Grafana panel query without error", async () => {
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, "monitoring/grafana-dashboard.json"), "utf8"));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(exprs.length).toBeGreaterThan(10);
    // rate() needs two samples of a series in its window: wait for a few scrapes after the traffic.
    await waitFor(
      () => scalar('count_over_time(zukai_http_requests_total{route="/api/v1/projects",status="200"}[1m])'),
      (n) => (n ?? 0) >= 3,
      30_000,
      "three scrapes",
    );
    const empty: string[] = [];
    for (const expr of exprs) {
      const body = await query(expr);
      expect(body.status, `${expr}: ${body.error}`).toBe("success");
      if ((body.data?.result.length ?? 0) === 0) empty.push(expr);
    }
    // Every panel shows live data, except refusals and dead letters, which this traffic never caused.
    expect(empty.filter((expr) => !/rate_limit|quota|dlq/.test(expr))).toEqual([]);
  });

  it("loads the shipped alerting rules, none firing on a healthy platform", async () => {
    const rules = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; state: string }[] }[] };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name)).toContain("ZukaiRunnerPoolDown");
    expect(loaded.filter((r) => r.state === "firing").map((r) => r.name)).toEqual([]);
  });
});
