// `npm start`: the whole local platform on 127.0.0.1:8787 with embedded D1/R2/Queues, then a
// demo account, workspace and API key. Runs until Ctrl-C, which stops every child process.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalPlatform } from "./local-platform.mjs";

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
  const login = await call(url, "/api/v1/auth/login", { method: "POST", body: JSON.stringify({ email: DEMO.email, password: DEMO.password }) });
  if (login.status === 200) return login.body;
  const registered = await call(url, "/api/v1/auth/register", { method: "POST", body: JSON.stringify(DEMO) });
  if (registered.status !== 201) throw new Error(`Could not create the demo account: ${JSON.stringify(registered.body)}`);
  return registered.body.tokens;
}

const SAMPLE = "First we record the lecture. Then Zukai transcribes what was said. Finally it draws the diagram.";

/** Speaks the sample with espeak-ng, so the demo needs no shipped recording. */
function sampleRecording() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "zukai-sample-")), "sample.wav");
  execFileSync("espeak-ng", ["-v", "en-us+klatt", "-s", "150", "-w", file, SAMPLE]);
  return readFileSync(file);
}

/** The platform's main job on the sample: upload, wait for the queue and runner, show the transcript. */
async function transcribeSample(url, key) {
  const form = new FormData();
  form.append("file", new Blob([sampleRecording()]), "sample.wav");
  const auth = { Authorization: `Bearer ${key}` };
  let job = await (await fetch(`${url}/api/v1/transcribe`, { method: "POST", headers: auth, body: form })).json();
  while (job.status === "queued" || job.status === "running") {
    await new Promise((r) => setTimeout(r, 300));
    job = await (await fetch(`${url}/api/v1/jobs/${job.id}`, { headers: auth })).json();
  }
  if (job.status !== "succeeded") throw new Error(`The sample job ${job.id} ended ${job.status}: ${JSON.stringify(job.error)}`);
  const srt = await (await fetch(`${url}/api/v1/transcripts/${job.transcriptId}.srt`, { headers: auth })).text();
  return { job, srt };
}

const platform = await startLocalPlatform({ log: (line) => process.env.ZUKAI_VERBOSE && process.stdout.write(line) });
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
  API reference   ${platform.url}/docs   (OpenAPI: ${platform.url}/api/v1/openapi.json)
  Demo account    ${DEMO.email} / ${DEMO.password}
  Workspace       ${workspaceId}
  API key         ${key.body.key}   (editor; shown once)

  Media runner    ${platform.runnerUrl}
`);
  console.log(`Sample job: "${SAMPLE}" (spoken by espeak-ng) →`);
  const sample = await transcribeSample(platform.url, key.body.key);
  console.log(`  ${sample.job.id} succeeded; transcript ${sample.job.transcriptId} (.srt below):\n`);
  console.log(sample.srt.replace(/^/gm, "    "));
  console.log(`Try:  curl -H "Authorization: Bearer ${key.body.key}" ${platform.url}/api/v1/jobs
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(String(error));
  await shutdown(1);
}
