// What one action of the load run costs the workerd thread (and bench/results/action-cost.json,
// which `npm run bench:report` sets against the load run's counts):
// `node bench/lib/action-cost.mjs [n] [NAME=value …] [word …]` (NAME=value overrides a wrangler.toml
// var, e.g. API_RATE_LIMITS=off, to see what one part costs; a word keeps only the actions whose
// name contains it, e.g. `long`)
// serves the bundled Worker on raw workerd, sends each action n times one after another, and
// prints workerd's CPU time per action (from /proc, so storage and crypto count too, which the
// sampling profiler of bench/lib/cpu-profile.mjs attributes poorly) and the wall time, as the
// median of three rounds. GET /healthz is the floor: routing and middleware with no storage.

import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../../scripts/local-platform.mjs";
import { withWorkerdPid } from "../fanout.mjs";
import { freePort, registerUser, startPlatform } from "./platform.mjs";
import { cpuSnapshot } from "./process-cpu.mjs";
import { machine } from "./results.mjs";
import { longText, shortText } from "./simulated-user.mjs";

// Each round of each action has a user of its own, so the free plan's limits (300 requests a minute
// per credential, 50 diagrams) are not reached; every sign-in has its own client IP (30 a minute
// per IP), and sign-ins rotate over enough accounts to stay under 10 per account in 5 minutes.
const n = Math.min(250, Number(process.argv[2] ?? 80));
const extra = process.argv.slice(3);
const bindings = Object.fromEntries(extra.filter((a) => a.includes("=")).map((pair) => pair.split("=")));
const only = extra.filter((a) => !a.includes("="));
const DIAGRAMS_PER_USER = 45;
const ROUNDS = 3;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const started = new Date().toISOString();
const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-action-cost-"));
const runnerPort = await freePort();
const platform = await withWorkerdPid(() => startPlatform({ dir, port: 0, runnerPorts: [runnerPort], bindings }));
try {
  let users = 0;
  // A user of their own, with a short diagram drawn: its job and diagram are what the reads read.
  const newUser = async () => {
    const user = await registerUser(platform.url, `cost-${++users}@example.test`);
    const auth = { Authorization: `Bearer ${user.token}` };
    const generate = (text) =>
      fetch(`${platform.url}/api/v1/generate-diagram`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
        body: JSON.stringify({ text }),
      });
    const diagram = await (await generate(shortText())).json();
    return { user, auth, generate, diagram };
  };
  let ip = 0;
  const accounts = [];
  const actions = [
    ["GET /healthz (floor)", async () => () => fetch(`${platform.url}/healthz`)],
    [
      "POST /api/v1/auth/login (PBKDF2)",
      async () => {
        for (let i = accounts.length; i < Math.ceil((ROUNDS * (n + 1)) / 8); i++)
          accounts.push(await registerUser(platform.url, `cost-login-${i}@example.test`));
        return () => {
          const account = accounts[++ip % accounts.length];
          return fetch(`${platform.url}/api/v1/auth/login`, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              "CF-Connecting-IP": `10.30.${Math.floor(ip / 250)}.${ip % 250}`,
            },
            body: JSON.stringify({ email: account.email, password: account.password }),
          });
        };
      },
    ],
    [
      "GET /api/v1/jobs",
      async ({ auth }) =>
        () =>
          fetch(`${platform.url}/api/v1/jobs?limit=20`, { headers: auth }),
    ],
    [
      "GET /api/v1/jobs/{id}",
      async ({ auth, diagram }) =>
        () =>
          fetch(`${platform.url}/api/v1/jobs/${diagram.jobId}`, { headers: auth }),
    ],
    [
      "GET /api/v1/diagrams/{id}.svg",
      async ({ auth, diagram }) =>
        () =>
          fetch(`${platform.url}/api/v1/diagrams/${diagram.id}.svg`, { headers: auth }),
    ],
    [
      "POST /api/v1/generate-diagram (short text, 201)",
      async ({ generate }) =>
        () =>
          generate(shortText()),
      Math.min(n, DIAGRAMS_PER_USER),
    ],
    // The request and then the queue consumer's whole job; 1.5 s is past the queue's 1 s batch wait.
    [
      "POST /api/v1/generate-diagram (long text, 202 queued) + its job",
      async ({ generate }) =>
        async () => {
          const res = await generate(longText());
          await sleep(1500);
          return res;
        },
      Math.max(5, Math.round(n / 16)),
    ],
  ];
  console.log(
    `CPU of the workerd process per action (ms), median of ${ROUNDS} rounds; ${os.cpus().length} × ${os.cpus()[0]?.model}${process.argv.length > 3 ? `; ${process.argv.slice(3).join(" ")}` : ""}`,
  );
  const once = async (action) => {
    const res = await action();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`an action was refused with ${res.status}: the figures would not be the action's`);
  };
  const measured = [];
  for (const [name, prepare, count = n] of actions.filter(([name]) => only.every((word) => name.includes(word)))) {
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const action = await prepare(name.startsWith("GET /healthz") || name.includes("login") ? {} : await newUser());
      await once(action);
      await sleep(400); // let the previous round's waitUntil work (metrics flush) land
      const before = cpuSnapshot(platform.pid);
      for (let i = 0; i < count; i++) await once(action);
      await sleep(400);
      const after = cpuSnapshot(platform.pid);
      rounds.push({ cpu: ((after.total - before.total) * 1000) / count, wall: (after.at - before.at - 400) / count });
    }
    const row = {
      name,
      count,
      rounds: ROUNDS,
      cpuMs: median(rounds.map((r) => r.cpu)),
      wallMs: median(rounds.map((r) => r.wall)),
    };
    measured.push(row);
    console.log(
      `${name.padEnd(62)} cpu ${row.cpuMs.toFixed(1).padStart(6)}  wall ${row.wallMs.toFixed(1).padStart(7)}  (n = ${count})`,
    );
  }
  const command = `node bench/lib/action-cost.mjs ${process.argv.slice(2).join(" ")}`.trim();
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(
    path.join(ROOT, "bench/results/action-cost.json"),
    `${JSON.stringify(
      {
        run: { started, finished: new Date().toISOString(), command, ...machine() },
        params: { n, overrides: bindings },
        actions: measured,
      },
      null,
      2,
    )}\n`,
  );
  console.log("wrote bench/results/action-cost.json");
} finally {
  await platform.dispose();
  rmSync(dir, { recursive: true, force: true });
}
