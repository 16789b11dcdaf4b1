// Authorisation row. (1) The permission check itself: the Set lookup on a loaded membership and
// the whole requirePermission middleware, in Node's V8 (workerd's engine, no I/O), against an empty
// function and an empty async middleware called the same way. (2) Its cost on a request, on raw
// workerd: /healthz (no auth) as the baseline; a key refused by the permission check (auth + key
// lookup + membership + check, then 403); and the authorised GET /api/v1/projects (all that plus
// the route's D1 read).

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../scripts/local-platform.mjs";
import { load, printTable } from "./lib/load.mjs";
import { writeRowResults } from "./lib/results.mjs";
import { bundleWorker, migrate, registerBenchUser, serveBundle } from "./lib/workerd.mjs";

const ITERATIONS = Number(process.env.BENCH_AUTHZ_ITERATIONS ?? 2_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function loadAuthz(dir) {
  const entry = path.join(dir, "entry.ts");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(
    entry,
    `export { requirePermission } from ${JSON.stringify(path.join(ROOT, "workers/middleware/require-permission.ts"))};
     export { BUILT_IN_ROLES, PERMISSIONS } from ${JSON.stringify(path.join(ROOT, "workers/workspaces/permissions.ts"))};`,
  );
  const outfile = path.join(dir, "authz.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    outfile,
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

/** Nanoseconds per call of `work(i)` over ITERATIONS calls (best of 5 runs). */
function perCallSync(work) {
  let best = Infinity;
  let sink = 0;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) if (work(i)) sink++;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / ITERATIONS);
  }
  if (sink < 0) console.log(sink);
  return best;
}

async function perCallAsync(work, iterations = ITERATIONS / 10) {
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await work(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

async function benchCheck() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-authz-"));
  try {
    const { requirePermission, BUILT_IN_ROLES, PERMISSIONS } = await loadAuthz(dir);
    const membership = { workspaceId: "ws_bench", role: "admin", permissions: BUILT_IN_ROLES.admin };
    const asked = PERMISSIONS; // a mix of granted and refused permissions
    const empty = (i) => i < 0;
    const lookup = (i) => membership.permissions.has(asked[i % asked.length]);
    const c = { get: () => membership };
    const next = async () => {};
    const middleware = requirePermission("jobs:read");
    const emptyMiddleware = async (_c, n) => n();
    const rows = [];
    const baseSync = perCallSync(empty);
    const setLookup = perCallSync(lookup);
    rows.push(
      ["baseline: empty function", (baseSync / 1000).toFixed(4), "1.00"],
      ["Set lookup on the membership", (setLookup / 1000).toFixed(4), (setLookup / baseSync).toFixed(2)],
    );
    const baseAsync = await perCallAsync(() => emptyMiddleware(c, next));
    const check = await perCallAsync(() => middleware(c, next));
    rows.push(
      ["baseline: empty async middleware", (baseAsync / 1000).toFixed(4), "1.00"],
      ["requirePermission middleware (granted)", (check / 1000).toFixed(4), (check / baseAsync).toFixed(2)],
    );
    const table = {
      title: `Permission check in V8, best of 5 × ${ITERATIONS} calls (µs per call)`,
      columns: ["what", "µs", "ratio"],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    return {
      table,
      figures: {
        iterations: ITERATIONS,
        emptyNs: baseSync,
        setLookupNs: setLookup,
        emptyMiddlewareNs: baseAsync,
        requirePermissionNs: check,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchRequest() {
  const out = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-authz-req-"));
  const config = path.join(ROOT, "wrangler.toml");
  const ours = await serveBundle({
    configPath: config,
    scriptPath: bundleWorker(config, path.join(out, "zukai")),
    port: 0,
    bindings: {
      JWT_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
      // The plan's rate limits would answer 429 under load and measure the limiter, not authorisation.
      API_RATE_LIMITS: "off",
    },
  });
  try {
    await migrate(ours.mf);
    const reg = await registerBenchUser(ours.url, "authz");
    const key = async (role) => {
      const res = await fetch(`${ours.url}/api/v1/workspaces/${reg.workspaceId}/api-keys`, {
        method: "POST",
        headers: { Authorization: `Bearer ${reg.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: `bench ${role}`, role }),
      });
      if (res.status !== 201) throw new Error(`key creation answered ${res.status}`);
      return { Authorization: `Bearer ${(await res.json()).key}` };
    };
    const editor = await key("editor");
    const targets = [
      ["baseline: GET /healthz (no auth)", `${ours.url}/healthz`, {}, 200],
      [
        "GET …/audit-log, key refused (auth + check → 403)",
        `${ours.url}/api/v1/workspaces/${reg.workspaceId}/audit-log`,
        editor,
        403,
      ],
      ["GET /api/v1/projects, key authorised (+ D1 read)", `${ours.url}/api/v1/projects`, editor, 200],
    ];
    for (const [name, url, headers, status] of targets) {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status !== status) throw new Error(`${name} answered ${res.status}`);
    }
    const rows = [];
    const measurements = [];
    let base;
    for (const [name, url, headers] of targets) {
      await load({ url, connections: 10, seconds: 1, headers });
      const r = await load({ url, connections: 10, seconds: SECONDS, headers });
      base ??= r;
      measurements.push({ name, ...r });
      rows.push([
        name,
        r.rps.toFixed(0),
        r.p50.toFixed(2),
        r.p99.toFixed(2),
        r.errors,
        (r.p50 - base.p50).toFixed(2),
        (r.rps / base.rps).toFixed(2),
      ]);
    }
    const table = {
      title: `Authorisation on a request, raw workerd, 10 connections, ${SECONDS} s per run (ms)`,
      columns: ["endpoint", "req/s", "p50", "p99", "non-2xx", "p50 − baseline", "ratio"],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    return { table, figures: { seconds: SECONDS, measurements } };
  } finally {
    await ours.mf.dispose();
    rmSync(out, { recursive: true, force: true });
  }
}

/** Prints both tables (and leaves them in bench/results/authz.json). */
export async function benchAuthz() {
  const started = new Date().toISOString();
  const check = await benchCheck();
  const request = await benchRequest();
  writeRowResults("authz", {
    started,
    tables: [check.table, request.table],
    figures: { check: check.figures, request: request.figures },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchAuthz();
