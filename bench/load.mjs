// `npm run bench:load`: 100 simulated users against the whole platform on raw workerd (our
// bundled Worker with persisted D1/R2/Queues/Durable Objects and a real media runner running
// pipeline jobs underneath), then the same user model against the bare Hono baseline in this
// run; then 1,000 WebSockets held for a minute with a broadcast every second, against a bare
// Durable Object relay. Prints tables and writes bench/results/load.json. Besides the client's
// times it keeps the Worker's own (its Server-Timing header) and, per sixth of the run, how busy
// the one workerd thread was, so a slow figure can be told apart: our code, or waiting for the thread.
//   --duration <s>   measured seconds per phase (default 60)   --users <n> (default 100)
//   --think <ms>     mean pause between a user's actions (default 5000: a person reading the
//                    result before the next click; --think 1000 is a stress run)
//   --sockets <n>    fan-out size (default 1000)   --broadcasts <n> (default 60, one per second)
//   --pipelines <n>  pipeline jobs kept running underneath (default 2)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ensureDevVars, ROOT } from "../scripts/local-platform.mjs";
import { FRAMES, measure, registerOwner, startFloorRelay, withWorkerdPid } from "./fanout.mjs";
import { percentile, printTable } from "./lib/load.mjs";
import { freePort, registerUser, startPlatform } from "./lib/platform.mjs";
import { cpuShare, cpuSnapshot } from "./lib/process-cpu.mjs";
import { Recorder } from "./lib/recorder.mjs";
import { runBaselineUser, runUser } from "./lib/simulated-user.mjs";
import { bundleWorker, serveBundle } from "./lib/workerd.mjs";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    users: { type: "string", default: "100" },
    think: { type: "string", default: "5000" },
    sockets: { type: "string", default: "1000" },
    broadcasts: { type: "string", default: "60" },
    pipelines: { type: "string", default: "2" },
  },
});
const DURATION = Number(args.duration);
const USERS = Number(args.users);
const THINK_MS = Number(args.think);
const SOCKETS = Number(args.sockets);
const BROADCASTS = Number(args.broadcasts);
const PIPELINES = Number(args.pipelines);
// Sessions last 20–40 s, so a 60 s run has users signing in throughout, not only at the start.
const SESSION_SECONDS = [20, 40];
// Sign-ins (PBKDF2, deliberately slow) are spread over the first third of the run.
const RAMP_MS = (DURATION * 1000) / 3;
// The run is also cut into this many windows, to show where in it the slow requests fall.
const WINDOWS = 6;

async function registerUsers(url, count) {
  const users = [];
  // Registration hashes a password (PBKDF2): a few at a time, outside the measured window.
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, k) =>
      registerUser(url, `load-${i + k}@example.test`),
    );
    for (const [k, user] of (await Promise.all(batch)).entries())
      users.push({ ...user, ip: `10.20.${Math.floor((i + k) / 250)}.${(i + k) % 250}` });
  }
  return users;
}

/** Keeps `count` pipeline jobs (a short spoken clip → 720p video) running until `until`. */
async function runPipelines({ url, count, until, dir }) {
  const owner = await registerUser(url, "pipelines@example.test");
  const wav = path.join(dir, "clip.wav");
  execFileSync("espeak-ng", [
    "-v",
    "en-us+klatt",
    "-s",
    "150",
    "-w",
    wav,
    "First we collect the data. Then we check it. Finally we draw the diagram and publish it.",
  ]);
  const audio = readFileSync(wav);
  const finished = [];
  const worker = async () => {
    while (performance.now() < until) {
      const form = new FormData();
      form.append("file", new Blob([audio]), "clip.wav");
      form.append("resolution", "720p");
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/pipelines`, {
        method: "POST",
        headers: { Authorization: `Bearer ${owner.token}` },
        body: form,
      }).catch(() => null);
      if (!res) continue;
      let job = await res.json();
      if (res.status !== 202) throw new Error(`pipeline refused with ${res.status}: ${JSON.stringify(job)}`);
      while (job.status === "queued" || job.status === "running") {
        await new Promise((r) => setTimeout(r, 1000));
        // A poll that fails (a reused connection closed under it) is simply made again.
        job = await fetch(`${url}/api/v1/jobs/${job.id}`, { headers: { Authorization: `Bearer ${owner.token}` } })
          .then((r) => r.json())
          .catch(() => job);
      }
      finished.push({ status: job.status, seconds: (performance.now() - started) / 1000 });
    }
  };
  await Promise.all(Array.from({ length: count }, worker));
  return finished;
}

async function usersPhase(run, count) {
  const rec = new Recorder();
  const until = performance.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: count }, (_, i) => run({ rec, until, index: i, startDelayMs: (i * RAMP_MS) / count })),
  );
  return rec;
}

const isApiRequest = (name) => /^(GET|POST) \/api\/v1\/(?!auth\/)/.test(name);

/**
 * Runs our users' phase while watching the machine: the workerd thread's CPU share per window
 * and over the measured time, and the load generator's event-loop delay, which would show if
 * the generator itself were too slow to measure.
 */
async function watchedPhase(workerdPid, phase) {
  const from = performance.now();
  const windowMs = (DURATION * 1000) / WINDOWS;
  const snapshots = [cpuSnapshot(workerdPid)];
  const sampler = setInterval(() => snapshots.length <= WINDOWS && snapshots.push(cpuSnapshot(workerdPid)), windowMs);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  try {
    const [rec, ...rest] = await phase();
    const requests = rec.windows(from, windowMs, WINDOWS, isApiRequest);
    const signIns = rec.windows(from, windowMs, WINDOWS, (name) => name.startsWith("POST /api/v1/auth/"));
    const windows = requests.map((w, i) => ({
      fromSeconds: (i * windowMs) / 1000,
      requests: w.count,
      p50: w.p50,
      p95: w.p95,
      signIns: signIns[i].count,
      workerdThreadBusy: snapshots[i + 1] ? cpuShare(snapshots[i], snapshots[i + 1]).busiestThread : NaN,
    }));
    // Over the measured time only: the phase itself ends later, when the last pipeline job does.
    const workerd = cpuShare(snapshots[0], snapshots.at(-1));
    const generatorLoopDelayMs = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    return [rec.summary(), windows, { workerd, generatorLoopDelayMs }, ...rest];
  } finally {
    clearInterval(sampler);
    loopDelay.disable();
  }
}

const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : "–");

function printEndpoints(title, rows, baselineP95) {
  printTable(
    title,
    [
      "what",
      "count",
      "p50",
      "p95",
      "p99",
      "max",
      "errors",
      "error %",
      "p95 / baseline p95",
      "in Worker p50",
      "in Worker p95",
    ],
    rows.map((r) => [
      r.name,
      r.count,
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      ms(r.max),
      r.errors,
      (r.errorRate * 100).toFixed(2),
      baselineP95 ? (r.p95 / baselineP95).toFixed(1) : "–",
      ms(r.inWorkerP50),
      ms(r.inWorkerP95),
    ]),
  );
}

async function fanoutPhase(platformUrl, workerdPid) {
  const owner = await registerOwner(platformUrl);
  const floor = await startFloorRelay();
  try {
    const common = { count: SOCKETS, holdSeconds: 0, broadcasts: BROADCASTS, intervalMs: 1000 };
    const rows = [
      await measure({
        ...common,
        name: "floor: bare DO relay",
        url: `${floor.url.replace(/^http/, "ws")}/`,
        headers: {},
        pid: floor.pid,
        frame: FRAMES.floor,
      }),
      await measure({
        ...common,
        name: "WorkspaceHub settings:update",
        url: `${platformUrl.replace(/^http/, "ws")}/api/v1/workspaces/${owner.workspaceId}/ws`,
        headers: { Authorization: `Bearer ${owner.token}` },
        pid: workerdPid,
        frame: FRAMES.ours,
      }),
    ];
    return rows.map((r) => ({
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
    }));
  } finally {
    await floor.mf.dispose();
  }
}

async function main() {
  ensureDevVars();
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-load-"));
  const started = new Date().toISOString();
  console.log(`Zukai load run — ${started} — ${os.cpus().length} × ${os.cpus()[0]?.model} — node ${process.version}`);
  const runnerPort = await freePort();
  const platform = await withWorkerdPid(() => startPlatform({ dir, port: 0, runnerPorts: [runnerPort] }));
  const baseConfig = path.join(ROOT, "bench/baseline/wrangler.toml");
  const base = await serveBundle({
    configPath: baseConfig,
    scriptPath: bundleWorker(baseConfig, path.join(dir, "baseline")),
    port: 0,
  });
  try {
    const users = await registerUsers(platform.url, USERS);
    console.log(
      `${USERS} users registered; baseline phase ${DURATION} s, then ours ${DURATION} s with ${PIPELINES} pipeline jobs underneath`,
    );
    const baseline = (
      await usersPhase(
        ({ rec, until, startDelayMs }) =>
          runBaselineUser({ url: base.url, until, thinkMs: THINK_MS, rec, startDelayMs }),
        USERS,
      )
    ).summary();
    const until = performance.now() + DURATION * 1000;
    const [ours, windows, cpu, pipelines] = await watchedPhase(platform.pid, () =>
      Promise.all([
        usersPhase(
          ({ rec, until: end, index, startDelayMs }) =>
            runUser({
              url: platform.url,
              user: users[index],
              until: end,
              thinkMs: THINK_MS,
              sessionSeconds: SESSION_SECONDS,
              rec,
              startDelayMs,
            }),
          USERS,
        ),
        runPipelines({ url: platform.url, count: PIPELINES, until, dir }),
      ]),
    );
    const baselineP95 = baseline[0]?.p95;
    printEndpoints(`Baseline: ${USERS} users, same pauses, bare Hono hello-world on raw workerd (ms)`, baseline);
    printEndpoints(
      `Zukai: ${USERS} users for ${DURATION} s on raw workerd, mean pause ${THINK_MS} ms, ${PIPELINES} pipelines underneath (ms)`,
      ours,
      baselineP95,
    );
    const pipelineSeconds = pipelines.map((p) => p.seconds).sort((a, b) => a - b);
    console.log(
      `\nPipeline jobs underneath: ${pipelines.length} finished (${pipelines.filter((p) => p.status === "succeeded").length} succeeded), median wall ${ms(percentile(pipelineSeconds, 50))} s`,
    );
    const percent = (share) => `${Math.round(share * 100)} %`;
    printTable(
      "Our phase over time: API requests other than sign-in (ms), sign-ins, and how busy the workerd thread was",
      ["from s", "requests", "p50", "p95", "sign-ins", "workerd thread busy"],
      windows.map((w) => [w.fromSeconds, w.requests, ms(w.p50), ms(w.p95), w.signIns, percent(w.workerdThreadBusy)]),
    );
    console.log(
      `Over the phase: workerd's busiest thread ${percent(cpu.workerd.busiestThread)} of a core (it waited for a core ${percent(cpu.workerd.busiestThreadRunQueueWait)} of the time); load generator's event-loop delay p99 ${ms(cpu.generatorLoopDelayMs.p99)} ms`,
    );

    // The hub's sockets count against the plan's request rate limits (free plan: 300 upgrades a
    // minute per credential), so a refusal there is reported, not fatal.
    let fanoutError = null;
    const fanout =
      SOCKETS > 0
        ? await fanoutPhase(platform.url, platform.pid).catch(
            (error) => ((fanoutError = String(error.message ?? error)), []),
          )
        : [];
    if (fanoutError) console.log(`\nFan-out not measured: ${fanoutError}`);
    if (fanout.length) {
      printTable(
        `${SOCKETS} WebSockets held ${BROADCASTS} s, one broadcast per second; publish → delivery at each socket (ms)`,
        [
          "server",
          "sockets",
          "held",
          "drops",
          "delivered",
          "p50",
          "p95",
          "p99",
          "max",
          "open s",
          "workerd RSS MB idle → peak",
        ],
        fanout.map((r) => [
          r.name,
          r.sockets,
          r.held,
          r.drops,
          `${r.delivered}/${r.expected}`,
          ms(r.p50),
          ms(r.p95),
          ms(r.p99),
          ms(r.max),
          r.openSeconds.toFixed(1),
          `${r.workerdRssMbIdle.toFixed(0)} → ${r.workerdRssMbPeak.toFixed(0)}`,
        ]),
      );
    }
    const result = {
      run: {
        started,
        finished: new Date().toISOString(),
        command: `npm run bench:load -- ${process.argv.slice(2).join(" ")}`.trim(),
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 1e9),
      },
      params: {
        durationSeconds: DURATION,
        users: USERS,
        meanThinkMs: THINK_MS,
        sessionSeconds: SESSION_SECONDS,
        pipelines: PIPELINES,
        sockets: SOCKETS,
        broadcasts: BROADCASTS,
      },
      baseline,
      endpoints: ours,
      windows,
      cpu,
      pipelines: {
        finished: pipelines.length,
        succeeded: pipelines.filter((p) => p.status === "succeeded").length,
        medianSeconds: percentile(pipelineSeconds, 50),
      },
      fanout,
      fanoutError,
    };
    mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    writeFileSync(path.join(ROOT, "bench/results/load.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("\nwrote bench/results/load.json");
  } finally {
    await Promise.all([platform.dispose(), base.mf.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
