// Metrics row: what collecting metrics (Prometheus counters batched per isolate + one Analytics
// Engine point per request) costs a request. The same bundle is served twice on raw workerd in
// this process, METRICS_COLLECTION "off" (the baseline) and "on", and loaded alternately.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../scripts/local-platform.mjs";
import { load, printTable } from "./lib/load.mjs";
import { writeRowResults } from "./lib/results.mjs";
import { bundleWorker, migrate, registerBenchUser, serveBundle } from "./lib/workerd.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ms = (value) => value.toFixed(2);

async function serve(scriptPath, collection) {
  const served = await serveBundle({
    configPath: path.join(ROOT, "wrangler.toml"),
    scriptPath,
    port: 0,
    bindings: {
      JWT_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
      METRICS_COLLECTION: collection,
      METRICS_TOKEN: "bench-metrics-token-0123456789",
      API_RATE_LIMITS: "off",
    },
  });
  await migrate(served.mf);
  const user = await registerBenchUser(served.url, `metrics-${collection}`);
  return { ...served, user };
}

/**
 * The request-path cost alone, without a loaded machine's noise: what recordRequest adds to each
 * request (label text, buffer updates, scheduling the flush), timed in-process. The flush itself
 * runs later in waitUntil, off the request path; here it goes to a no-op shard.
 */
async function recordingCostMicros(out) {
  const outfile = path.join(out, "record.mjs");
  await build({
    entryPoints: [path.join(ROOT, "workers/metrics/record.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "silent",
  });
  const { countRequest, countProblem } = await import(pathToFileURL(outfile).href);
  const env = {
    METRICS_COLLECTION: "on",
    METRICS_SHARD: { idFromName: (name) => name, get: () => ({ add: async () => undefined }) },
  };
  const target = { env, ctx: { waitUntil: () => undefined } };
  const requests = 200_000;
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    countRequest(target, { method: "GET", route: "/api/v1/projects/:projectId", status: 404, seconds: 0.004 });
    countProblem(target, "not_found", 404);
  }
  return ((performance.now() - started) * 1000) / requests;
}

export async function benchMetrics() {
  const started = new Date().toISOString();
  const out = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-metrics-"));
  const scriptPath = bundleWorker(path.join(ROOT, "wrangler.toml"), path.join(out, "zukai"));
  const off = await serve(scriptPath, "off");
  const on = await serve(scriptPath, "on");
  try {
    const targets = [
      {
        name: "GET /workspaces/{id} (JWT + D1)",
        path: (s) => `/api/v1/workspaces/${s.user.workspaceId}`,
        headers: (s) => ({ Authorization: `Bearer ${s.user.token}` }),
      },
      { name: "GET /projects without credentials (401)", path: () => "/api/v1/projects", headers: () => ({}) },
    ];
    const rows = [];
    const measurements = [];
    for (const target of targets) {
      const run = (s, seconds) =>
        load({ url: s.url + target.path(s), connections: 10, seconds, headers: target.headers(s) });
      await run(off, 1);
      await run(on, 1);
      // Alternate the two so that drift on a shared machine hits both alike.
      const offRuns = [];
      const onRuns = [];
      for (let i = 0; i < 4; i++) {
        offRuns.push(await run(off, SECONDS / 4));
        onRuns.push(await run(on, SECONDS / 4));
      }
      // The median run of each side, so one disturbed run on a shared machine does not decide the row.
      const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const merge = (runs) => ({
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p95: median(runs.map((r) => r.p95)),
        errors: runs.reduce((a, r) => a + r.errors, 0),
      });
      const b = merge(offRuns);
      const m = merge(onRuns);
      const expectedErrors = target.name.includes("401");
      measurements.push({ request: target.name, off: b, on: m, p95AddedMs: m.p95 - b.p95 });
      rows.push([
        `${target.name}, metrics off`,
        b.rps.toFixed(0),
        ms(b.p50),
        ms(b.p95),
        expectedErrors ? "(401s)" : b.errors,
        "1.00",
        "",
      ]);
      rows.push([
        `${target.name}, metrics on`,
        m.rps.toFixed(0),
        ms(m.p50),
        ms(m.p95),
        expectedErrors ? "(401s)" : m.errors,
        (m.p95 / b.p95).toFixed(2),
        ms(m.p95 - b.p95),
      ]);
    }
    const table = {
      title: `Metrics collection overhead on raw workerd, 10 connections, ${SECONDS} s per side (latency ms; target: < 1 ms p95 added)`,
      columns: ["request", "req/s", "p50", "p95", "errors", "p95 ratio", "p95 added"],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    // The counters really were collected on the "on" side.
    const scraped = await fetch(`${on.url}/metrics`, {
      headers: { Authorization: "Bearer bench-metrics-token-0123456789" },
    }).then((r) => r.text());
    const total = [...scraped.matchAll(/^zukai_http_requests_total\{[^}]*\} (\d+)/gm)].reduce(
      (a, m) => a + Number(m[1]),
      0,
    );
    const recordingMicros = await recordingCostMicros(out);
    const notes = [
      `metrics on: ${total} requests counted across shards`,
      `recording on the request path: ${recordingMicros.toFixed(1)} µs per request (in-process; target < 1000 µs)`,
    ];
    for (const note of notes) console.log(note);
    writeRowResults("metrics", {
      started,
      tables: [table],
      notes,
      figures: { seconds: SECONDS, measurements, requestsCounted: total, recordingMicros },
    });
  } finally {
    await Promise.all([off.mf.dispose(), on.mf.dispose()]);
    rmSync(out, { recursive: true, force: true });
  }
}
