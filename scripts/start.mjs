// `npm start`: the whole local platform on 127.0.0.1:8787 with embedded D1/R2/Queues (on raw
// workerd, as the benchmarks serve it), then a
// demo account, workspace and API key. Runs until Ctrl-C, which stops every child process.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_TALK } from "./demo-talk.mjs";
import { fliteWav } from "./flite-speech.mjs";
import { startWorkerdPlatform } from "./workerd-platform.mjs";

const DEMO = { email: "demo@zukai.local", password: "zukai-demo-password", name: "Demo" };

async function call(url, path, init = {}) {
  const res = await fetch(url + path, {
    ...init,
    headers: { "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
  const body = await res.json().catch(() => null);
  return { status: res.status, body };
}

/** Signs the demo user in, registering them on the first start. */
async function demoSession(url) {
  const login = await call(url, "/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ email: DEMO.email, password: DEMO.password }),
  });
  if (login.status === 200) return login.body;
  const registered = await call(url, "/api/v1/auth/register", { method: "POST", body: JSON.stringify(DEMO) });
  if (registered.status !== 201)
    throw new Error(`Could not create the demo account: ${JSON.stringify(registered.body)}`);
  return registered.body.tokens;
}

/** The demo recording: DEMO_TALK spoken by flite, so the demo needs no shipped recording. */
function sampleRecording() {
  return fliteWav([...DEMO_TALK], { pauseSeconds: 0.4, voice: "rms" });
}

/**
 * The platform's main job on the sample: the CLI runs the whole pipeline and saves its outputs.
 * Asynchronously: Miniflare serves workerd's loopback calls from this process, so a blocking
 * spawnSync would leave the queued job undelivered until the CLI gave up.
 */
async function runSample(url, key) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "zukai-sample-")), "sample.wav");
  writeFileSync(file, sampleRecording());
  const cli = spawn(
    process.execPath,
    ["cli/bin.mjs", "run", file, "--api", url, "--key", key, "--out", process.env.ZUKAI_OUT ?? "out"],
    { stdio: "inherit" },
  );
  const status = await new Promise((resolve) => cli.on("exit", resolve));
  if (status !== 0) throw new Error("The sample pipeline did not succeed.");
}

// Raw workerd through Miniflare, not wrangler dev: see workerd-platform.mjs for why.
// ZUKAI_PORT, ZUKAI_STATE and ZUKAI_OUT move it off 8787, .wrangler/state and out/ when those are taken.
const platform = await startWorkerdPlatform({
  ...(process.env.ZUKAI_PORT
    ? { port: Number(process.env.ZUKAI_PORT), runnerPort: Number(process.env.ZUKAI_PORT) + 3 }
    : {}),
  ...(process.env.ZUKAI_STATE ? { persistTo: process.env.ZUKAI_STATE } : {}),
  log: (line) => process.env.ZUKAI_VERBOSE && process.stdout.write(line),
});
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the local platform…");
  await platform.stop();
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  const tokens = await demoSession(platform.url);
  const auth = { Authorization: `Bearer ${tokens.accessToken}` };
  const me = await call(platform.url, "/api/v1/me", { headers: auth });
  const workspaceId = me.body.personalWorkspaceId;
  const key = await call(platform.url, `/api/v1/workspaces/${workspaceId}/api-keys`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: `npm start ${new Date().toISOString()}`, role: "editor" }),
  });
  console.log(`
Zukai is running at ${platform.url}
  Web console     ${platform.url}/   (sign in as the demo account below)
  API reference   ${platform.url}/docs   (OpenAPI: ${platform.url}/api/v1/openapi.json)
  Demo account    ${DEMO.email} / ${DEMO.password}
  Workspace       ${workspaceId}
  API key         ${key.body.key}   (editor; shown once)

  Media runner    ${platform.runnerUrl}
`);
  console.log(
    `Sample: a ${DEMO_TALK.length}-sentence talk on a process, spoken by flite → zukai run …\n  "${DEMO_TALK.join(" ")}"`,
  );
  await runSample(platform.url, key.body.key);
  console.log(`\nTry:  curl -H "Authorization: Bearer ${key.body.key}" ${platform.url}/api/v1/jobs
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(String(error));
  await shutdown(1);
}
