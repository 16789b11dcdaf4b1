// Rate-limit row: what the per-request RateLimiter check (two Durable Object calls: the workspace's
// bucket and the credential's) adds to an authenticated read, and its throughput on one key against
// many keys. Baseline: the same bundle and route with API_RATE_LIMITS=off, served the same way
// (raw workerd through Miniflare), measured in this run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { ROOT } from "../scripts/local-platform.mjs";
import { percentile, printTable } from "./lib/load.mjs";
import { writeRowResults } from "./lib/results.mjs";
import { bundleWorker, migrate, registerBenchUser, serveBundle } from "./lib/workerd.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEYS = 20;
const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
// Limits far above what the run can reach, so every request is checked and none refused.
const UNLIMITED = {
  rateLimits: {
    workspace: { capacity: 1_000_000, windowSeconds: 60 },
    credential: { capacity: 1_000_000, windowSeconds: 60 },
  },
};

/** Loads with one (token, url) pair per connection group, round robin; exact percentiles. */
async function loadTargets(targets, connections, seconds) {
  const times = [];
  let next = 0;
  let refused = 0;
  const instance = autocannon({
    url: targets[0].url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const target = targets[next++ % targets.length];
          return {
            ...request,
            path: new URL(target.url).pathname,
            headers: { ...request.headers, Authorization: `Bearer ${target.token}` },
          };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, time) => {
    times.push(time);
    if (status !== 200) refused++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    rps: result.requests.total / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    errors: result.errors + result.timeouts + refused,
  };
}

async function usersOn(server, count) {
  const db = await server.mf.getD1Database("DB");
  const users = [];
  for (let i = 0; i < count; i++) {
    const user = await registerBenchUser(server.url, `rl${i}`);
    const now = new Date().toISOString();
    await db.batch([
      db.prepare("UPDATE workspaces SET plan = 'enterprise' WHERE id = ?").bind(user.workspaceId),
      db
        .prepare(
          "INSERT INTO workspace_billing (workspace_id, period_start, plan_overrides, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(user.workspaceId, now, JSON.stringify(UNLIMITED), now),
    ]);
    users.push({ token: user.token, url: `${server.url}/api/v1/workspaces/${user.workspaceId}` });
  }
  return users;
}

export async function benchRateLimit() {
  const started = new Date().toISOString();
  const out = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-rl-"));
  const config = path.join(ROOT, "wrangler.toml");
  const scriptPath = bundleWorker(config, path.join(out, "zukai"));
  const on = await serveBundle({
    configPath: config,
    scriptPath,
    port: 0,
    bindings: { JWT_SECRET: SECRET, API_RATE_LIMITS: "on" },
  });
  const off = await serveBundle({
    configPath: config,
    scriptPath,
    port: 0,
    bindings: { JWT_SECRET: SECRET, API_RATE_LIMITS: "off" },
  });
  try {
    await Promise.all([migrate(on.mf), migrate(off.mf)]);
    const [onUsers, offUsers] = [await usersOn(on, KEYS), await usersOn(off, KEYS)];
    const check = await fetch(onUsers[0].url, { headers: { Authorization: `Bearer ${onUsers[0].token}` } });
    if (check.status !== 200 || !check.headers.get("RateLimit"))
      throw new Error(`checked read answered ${check.status} without RateLimit`);
    const rows = [];
    const measurements = [];
    const row = (name, connections, r, base) => [
      name,
      connections,
      r.rps.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.errors,
      (r.rps / base.rps).toFixed(2),
      `+${(r.p50 - base.p50).toFixed(1)}`,
    ];
    for (const [label, connections, keys] of [
      ["1 key", 1, 1],
      ["1 key", 50, 1],
      [`${KEYS} keys`, 50, KEYS],
    ]) {
      await loadTargets(offUsers.slice(0, keys), connections, 1);
      await loadTargets(onUsers.slice(0, keys), connections, 1);
      const base = await loadTargets(offUsers.slice(0, keys), connections, SECONDS);
      const limited = await loadTargets(onUsers.slice(0, keys), connections, SECONDS);
      rows.push(
        row(`baseline: no limit, ${label}`, connections, base, base),
        row(`rate-limited, ${label}`, connections, limited, base),
      );
      measurements.push({ keys, connections, baseline: base, limited });
    }
    const table = {
      title: `Rate-limit check on GET /workspaces/{id}, raw workerd, ${SECONDS} s per run (latency ms; ratio and +p50 vs the same route unlimited)`,
      columns: ["run", "conns", "req/s", "p50", "p95", "errors", "ratio", "+p50"],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    writeRowResults("ratelimit", { started, tables: [table], figures: { seconds: SECONDS, measurements } });
  } finally {
    await Promise.all([on.mf.dispose(), off.mf.dispose()]);
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRateLimit();
