// Fan-out row: one workspace's hub broadcasting to 100 and 1,000 open WebSockets, our bundled
// Worker on raw workerd, against a floor measured the same way: a bare hibernating Durable Object
// that relays each frame to every socket (no auth, no D1, no event log). This Node process is
// every client; it publishes one settings:update at a time (its send time in `announcement`) and
// waits until every socket has it, so each figure is publish → delivery at one socket.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import { WebSocket } from "ws";
import { ROOT } from "../scripts/local-platform.mjs";
import { percentile, printTable } from "./lib/load.mjs";
import { samplePeakMemory } from "./lib/memory.mjs";
import { writeRowResults } from "./lib/results.mjs";
import { bundleWorker, migrate, serveBundle } from "./lib/workerd.mjs";

const SIZES = [100, 1000];
const BROADCASTS = Number(process.env.BENCH_BROADCASTS ?? 30);
const HOLD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// wrangler dev is not in the path here, but thousands of simultaneous handshakes still only queue: open in waves.
const OPEN_BATCH = 50;
const DELIVERY_TIMEOUT_MS = 10_000;
const PING = '{"type":"ping"}';
// Browsers and \`ws\` both offer permessage-deflate and workerd accepts it; BENCH_WS_DEFLATE=0 measures without.
const DEFLATE = process.env.BENCH_WS_DEFLATE !== "0";

const FLOOR_SCRIPT = `
import { DurableObject } from "cloudflare:workers";
export class Relay extends DurableObject {
  sockets = new Set();
  constructor(ctx, env) {
    super(ctx, env);
    for (const ws of ctx.getWebSockets()) this.sockets.add(ws);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }
  async fetch() {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    this.sockets.add(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  webSocketMessage(_ws, data) {
    for (const ws of this.sockets) ws.send(data);
  }
  webSocketClose(ws, code) {
    this.sockets.delete(ws);
    ws.close(code === 1005 || code === 1006 ? 1000 : code);
  }
}
export default { fetch: (request, env) => env.RELAY.get(env.RELAY.idFromName("one")).fetch(request) };
`;

/** The workerd processes below this Node process (Miniflare starts one per instance). */
function workerdPids() {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (comm === "workerd" && ppid === process.pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Starts a server and finds the workerd process it added, so its memory can be read from /proc. */
export async function withWorkerdPid(start) {
  const before = new Set(workerdPids());
  const server = await start();
  return { ...server, pid: workerdPids().find((pid) => !before.has(pid)) };
}

const rssMb = (pid) => {
  if (!pid) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

/** Opens `count` sockets in waves; every unexpected close after opening counts as a drop. */
async function openSockets(url, headers, count, onFrame) {
  const row = { sockets: [], drops: 0, closing: false };
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const wave = Array.from(
      { length: Math.min(OPEN_BATCH, count - start) },
      (_, i) =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(url, { headers, perMessageDeflate: DEFLATE });
          ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
          ws.once("error", reject);
          ws.once("open", () => resolve(ws));
          ws.on("close", () => void (row.closing || row.drops++));
          ws.on("message", (data) => onFrame(start + i, data));
        }),
    );
    row.sockets.push(...(await Promise.all(wave)));
  }
  // Real clients ping every 30 s, and the hub closes sockets that stay silent for 120 s.
  row.pinger = setInterval(
    () => row.sockets.forEach((ws) => ws.readyState === WebSocket.OPEN && ws.send(PING)),
    30_000,
  );
  return row;
}

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
async function within(promise, ms) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeAll(...rows) {
  const all = rows.flatMap((row) => {
    row.closing = true;
    clearInterval(row.pinger);
    return row.sockets;
  });
  const closed = all.map((ws) => (ws.readyState === WebSocket.CLOSED ? null : new Promise((r) => ws.once("close", r))));
  all.forEach((ws) => ws.close(1000, "bench done"));
  await within(Promise.all(closed), 10_000);
}

/**
 * One row: `count` sockets held for `holdSeconds`, then `broadcasts` broadcasts, one at a time
 * (each waits for full delivery, and for `intervalMs` after the previous send when given).
 */
export async function measure({
  name,
  url,
  headers,
  pid,
  count,
  frame,
  holdSeconds = HOLD_SECONDS,
  broadcasts = BROADCASTS,
  intervalMs = 0,
}) {
  const memory = pid ? samplePeakMemory(pid) : null;
  const idleMb = rssMb(pid);
  const latencies = [];
  let current = -1;
  let sentAt = 0;
  let got = 0;
  let allArrived = () => {};
  const onFrame = (_socket, data) => {
    const text = String(data);
    if (!text.includes('"settings:updated"')) return; // welcome, pong
    const [k, at] = JSON.parse(text).settings.announcement.split(" ").slice(1).map(Number);
    if (k !== current) return;
    if (k > 0) latencies.push(performance.now() - at);
    if (++got === count) allArrived();
  };
  const opening = performance.now();
  const row = await openSockets(url, headers, count, onFrame);
  const openSeconds = (performance.now() - opening) / 1000;
  const senderRow = await openSockets(url, headers, 1, () => {});
  const sender = senderRow.sockets[0];
  await new Promise((r) => setTimeout(r, holdSeconds * 1000));
  let missing = 0;
  // Broadcast 0 warms the path (JIT, first D1 read) and is not in the figures.
  for (current = 0; current <= broadcasts; current++) {
    if (current > 0 && intervalMs > 0)
      await new Promise((r) => setTimeout(r, Math.max(0, sentAt + intervalMs - performance.now())));
    got = 0;
    const arrived = new Promise((resolve) => (allArrived = resolve));
    sentAt = performance.now();
    sender.send(frame(current, `bench ${current} ${sentAt}`));
    const complete = await within(arrived, DELIVERY_TIMEOUT_MS);
    if (!complete) missing += count - got;
    if (!complete && current === 0) throw new Error(`${name}: the first broadcast reached ${got}/${count} sockets`);
  }
  const held = row.sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  const peakMb = memory ? memory.stop() / 1024 / 1024 : NaN;
  await closeAll(row, senderRow);
  latencies.sort((a, b) => a - b);
  return {
    name,
    count,
    held,
    drops: row.drops,
    delivered: broadcasts * count - missing,
    latencies,
    openSeconds,
    idleMb,
    peakMb,
  };
}

/** Registers the workspace owner whose socket publishes the broadcasts. */
export async function registerOwner(url) {
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "fanout@example.test", password: "bench password 123", name: "Fan-out" }),
  });
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${await res.text()}`);
  const body = await res.json();
  const owner = { token: body.tokens.accessToken, workspaceId: body.user.personalWorkspaceId };
  // A thousand sockets in one workspace is a paying team's load: on the free plan its request
  // limits (rightly) refuse the burst of upgrades, so the owner moves to the professional plan.
  const upgrade = await fetch(`${url}/api/v1/workspaces/${owner.workspaceId}/billing/plan`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${owner.token}` },
    body: JSON.stringify({ plan: "professional", cycle: "monthly" }),
  });
  if (upgrade.status !== 200) throw new Error(`plan change answered ${upgrade.status}: ${await upgrade.text()}`);
  return owner;
}

/** The floor: a bare hibernating Durable Object relay on its own workerd, with that workerd's pid. */
export function startFloorRelay() {
  return withWorkerdPid(async () => {
    const mf = new Miniflare({
      modules: true,
      script: FLOOR_SCRIPT,
      compatibilityDate: "2026-04-26",
      durableObjects: { RELAY: "Relay" },
      host: "127.0.0.1",
      port: 0,
    });
    return { mf, url: (await mf.ready).origin };
  });
}

/** The frames each side broadcasts: the floor relays its input as is, the hub takes settings:update. */
export const FRAMES = {
  floor: (k, announcement) =>
    JSON.stringify({ type: "settings:updated", settings: { announcement }, by: "bench", seq: k }),
  ours: (k, announcement) => JSON.stringify({ type: "settings:update", id: `b${k}`, settings: { announcement } }),
};

export async function benchFanout() {
  const started = new Date().toISOString();
  const out = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-fanout-"));
  const configPath = path.join(ROOT, "wrangler.toml");
  const ours = await withWorkerdPid(() =>
    serveBundle({
      configPath,
      scriptPath: bundleWorker(configPath, path.join(out, "zukai")),
      port: 0,
      bindings: { JWT_SECRET: "bench-secret-0123456789abcdef0123456789abcdef" },
    }),
  );
  const floor = await startFloorRelay();
  try {
    await migrate(ours.mf);
    const owner = await registerOwner(ours.url);
    const targets = {
      floor: {
        name: "floor: bare DO relay",
        url: `${floor.url.replace(/^http/, "ws")}/`,
        headers: {},
        pid: floor.pid,
        frame: FRAMES.floor,
      },
      ours: {
        name: "WorkspaceHub settings:update",
        url: `${ours.url.replace(/^http/, "ws")}/api/v1/workspaces/${owner.workspaceId}/ws`,
        headers: { Authorization: `Bearer ${owner.token}` },
        pid: ours.pid,
        frame: FRAMES.ours,
      },
    };
    const rows = [];
    const measured = [];
    for (const count of SIZES) {
      const base = await measure({ ...targets.floor, count });
      const hub = await measure({ ...targets.ours, count });
      const basep95 = percentile(base.latencies, 95);
      for (const r of [base, hub]) {
        measured.push({
          name: r.name,
          sockets: r.count,
          held: r.held,
          drops: r.drops,
          delivered: r.delivered,
          expected: BROADCASTS * r.count,
          p50: percentile(r.latencies, 50),
          p95: percentile(r.latencies, 95),
          p99: percentile(r.latencies, 99),
          max: r.latencies.at(-1),
          openSeconds: r.openSeconds,
          workerdRssMbIdle: r.idleMb,
          workerdRssMbPeak: r.peakMb,
        });
        const mb = `${r.idleMb.toFixed(0)} → ${r.peakMb.toFixed(0)}`;
        rows.push([
          r.name,
          r.count,
          r.held,
          r.drops,
          `${r.delivered}/${BROADCASTS * r.count}`,
          ...[50, 95, 99, 100].map((p) => percentile(r.latencies, p).toFixed(1)),
          (percentile(r.latencies, 95) / basep95).toFixed(2),
          r.openSeconds.toFixed(1),
          mb,
        ]);
      }
    }
    const table = {
      title: `WebSocket fan-out on raw workerd (permessage-deflate ${DEFLATE ? "on" : "off"}): ${BROADCASTS} broadcasts one at a time after ${HOLD_SECONDS} s held; publish → delivery at each socket (ms)`,
      columns: [
        "server",
        "sockets",
        "held",
        "drops",
        "delivered",
        "p50",
        "p95",
        "p99",
        "max",
        "p95 vs floor",
        "open s",
        "workerd RSS MB idle → peak",
      ],
      rows,
    };
    printTable(table.title, table.columns, table.rows);
    writeRowResults("fanout", {
      started,
      tables: [table],
      figures: { broadcasts: BROADCASTS, holdSeconds: HOLD_SECONDS, deflate: DEFLATE, rows: measured },
    });
  } finally {
    await Promise.all([ours.mf.dispose(), floor.mf.dispose()]);
    rmSync(out, { recursive: true, force: true });
  }
}
