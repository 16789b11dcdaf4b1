// Where one route spends its CPU: `node bench/lib/profile-route.mjs <job|jobs|generate|svg> [n]`
// serves the bundled Worker on raw workerd with the inspector on, sends n requests one at a
// time, and prints the self time per source module and per function (bench/lib/cpu-profile.mjs).

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { profileWorker } from "./cpu-profile.mjs";
import { freePort, registerUser, startPlatform } from "./platform.mjs";
import { shortText } from "./simulated-user.mjs";

const [which = "job", count = "200"] = process.argv.slice(2);
const n = Number(count);
const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-profile-"));
const inspectorPort = await freePort();
const platform = await startPlatform({
  dir,
  port: 0,
  runnerPorts: [await freePort()],
  extraOptions: { inspectorPort },
});
try {
  const user = await registerUser(platform.url, "profile@example.test");
  const auth = { Authorization: `Bearer ${user.token}` };
  const generate = () =>
    fetch(`${platform.url}/api/v1/generate-diagram`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
      body: JSON.stringify({ text: shortText() }),
    });
  const diagram = await (await generate()).json();
  const routes = {
    job: () => fetch(`${platform.url}/api/v1/jobs/${diagram.jobId}`, { headers: auth }),
    jobs: () => fetch(`${platform.url}/api/v1/jobs?limit=20`, { headers: auth }),
    svg: () => fetch(`${platform.url}/api/v1/diagrams/${diagram.id}.svg`, { headers: auth }),
    generate,
  };
  let wallMs = 0;
  const rows = await profileWorker(
    inspectorPort,
    "zukai",
    async () => {
      const started = performance.now();
      for (let i = 0; i < n; i++) await (await routes[which]()).arrayBuffer();
      wallMs = (performance.now() - started) / n;
    },
    { bundlePath: path.join(dir, "bundle/index.js") },
  );
  console.log(`${which}: ${wallMs.toFixed(2)} ms wall per request, profiler on; self time per request:`);
  for (const r of rows.byModule.slice(0, 15))
    console.log(`${(r.ms / n).toFixed(3).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.fn}`);
  console.log("by function:");
  for (const r of rows.slice(0, 15))
    console.log(`${(r.ms / n).toFixed(3).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.fn}`);
} finally {
  await platform.dispose();
  rmSync(dir, { recursive: true, force: true });
}
