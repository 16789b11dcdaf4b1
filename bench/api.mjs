// API row: authenticated GET /api/v1/workspaces/{id} (JWT verify + D1 read) on our Worker
// against a bare Hono hello-world (the baseline) and a bare Worker doing one D1 read (what any
// D1-reading route can reach on local workerd), all bundled and served on raw workerd here.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../scripts/local-platform.mjs";
import { load, printTable } from "./lib/load.mjs";
import { writeRowResults } from "./lib/results.mjs";
import { bundleWorker, migrate, registerBenchUser, serveBundle } from "./lib/workerd.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ms = (value) => value.toFixed(1);

export async function benchApi() {
  const started = new Date().toISOString();
  const out = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-"));
  const ourConfig = path.join(ROOT, "wrangler.toml");
  const baseConfig = path.join(ROOT, "bench/baseline/wrangler.toml");
  const ours = await serveBundle({
    configPath: ourConfig,
    scriptPath: bundleWorker(ourConfig, path.join(out, "zukai")),
    port: 0,
    // The plan rate limits (free: 300/min per credential) would refuse this load; bench/ratelimit.mjs measures them.
    bindings: { JWT_SECRET: "bench-secret-0123456789abcdef0123456789abcdef", API_RATE_LIMITS: "off" },
  });
  const base = await serveBundle({
    configPath: baseConfig,
    scriptPath: bundleWorker(baseConfig, path.join(out, "baseline")),
    port: 0,
  });
  const floorConfig = path.join(ROOT, "bench/d1-floor/wrangler.toml");
  const floor = await serveBundle({
    configPath: floorConfig,
    scriptPath: bundleWorker(floorConfig, path.join(out, "d1-floor")),
    port: 0,
  });
  try {
    await migrate(ours.mf);
    const reg = await registerBenchUser(ours.url, "bench");
    const workspaceId = reg.workspaceId;
    const target = `${ours.url}/api/v1/workspaces/${workspaceId}`;
    const headers = { Authorization: `Bearer ${reg.token}` };
    const check = await fetch(target, { headers });
    if (check.status !== 200) throw new Error(`authenticated read answered ${check.status}`);

    const rows = [];
    const measurements = [];
    for (const connections of [10, 100]) {
      // Warm both isolates so JIT and key imports are not in the figures.
      await load({ url: `${base.url}/`, connections, seconds: 1 });
      await load({ url: target, connections, seconds: 1, headers });
      await load({ url: `${floor.url}/`, connections, seconds: 1 });
      const b = await load({ url: `${base.url}/`, connections, seconds: SECONDS });
      const f = await load({ url: `${floor.url}/`, connections, seconds: SECONDS });
      const z = await load({ url: target, connections, seconds: SECONDS, headers });
      const row = (name, r) => [
        name,
        connections,
        r.rps.toFixed(0),
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        r.errors,
        (r.rps / b.rps).toFixed(2),
      ];
      rows.push(
        row("baseline: Hono hello", b),
        row("reference: bare Worker + 1 D1 read", f),
        row("GET /workspaces/{id} (JWT + D1)", z),
      );
      measurements.push({ connections, baseline: b, floor: f, ours: z });
    }
    const table = {
      title: `API on raw workerd, ${SECONDS} s per run (latency ms)`,
      columns: ["endpoint", "conns", "req/s", "p50", "p95", "p99", "errors", "ratio"],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    writeRowResults("api", { started, tables: [table], figures: { seconds: SECONDS, measurements } });
  } finally {
    await Promise.all([ours.mf.dispose(), base.mf.dispose(), floor.mf.dispose()]);
    rmSync(out, { recursive: true, force: true });
  }
}
