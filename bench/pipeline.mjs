// Pipeline row: a 60 s spoken recording through the whole platform (upload → transcription →
// analysis → visualization → 720p rendering) on raw workerd with one runner process; the figure
// is wall time as a fraction of the recording's duration (target: under 1.0 on 2 cores).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { printTable } from "./lib/load.mjs";
import { registerBenchUser, servePlatform } from "./lib/workerd.mjs";

const TALK = [
  "First we collect the recordings from every team.",
  "Then the platform transcribes what was said.",
  "Next it analyses the structure of the talk.",
  "Finally it draws the diagram and renders the video.",
];

export async function benchPipeline() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-pipeline-"));
  const wav = path.join(dir, "talk.wav");
  execFileSync("espeak-ng", [
    "-v",
    "en-us+klatt",
    "-s",
    "140",
    "-w",
    wav,
    Array.from({ length: 5 }, () => TALK.join(" ")).join(" "),
  ]);
  const seconds = Number(
    execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", wav], {
      encoding: "utf8",
    }),
  );
  const platform = await servePlatform({ dir, runnerPort: 8797 });
  try {
    const reg = await registerBenchUser(platform.url, "pipeline");
    const auth = { Authorization: `Bearer ${reg.token}` };
    const form = new FormData();
    form.append("file", new Blob([readFileSync(wav)]), "talk.wav");
    form.append("resolution", "720p");
    const started = performance.now();
    let job = await (
      await fetch(`${platform.url}/api/v1/pipelines`, { method: "POST", headers: auth, body: form })
    ).json();
    const stageEnds = {};
    while (job.status === "queued" || job.status === "running") {
      await new Promise((r) => setTimeout(r, 100));
      job = await (await fetch(`${platform.url}/api/v1/jobs/${job.id}`, { headers: auth })).json();
      for (const stage of job.stages)
        if (stage.status === "succeeded" && !stageEnds[stage.name])
          stageEnds[stage.name] = (performance.now() - started) / 1000;
    }
    const total = (performance.now() - started) / 1000;
    if (job.status !== "succeeded") throw new Error(`pipeline failed: ${JSON.stringify(job.error)}`);
    let previous = 0;
    const rows = job.stages.map((s) => {
      const end = stageEnds[s.name] ?? total;
      const row = [s.name, (end - previous).toFixed(1)];
      previous = end;
      return row;
    });
    printTable(
      `Pipeline, ${seconds.toFixed(1)} s recording → 720p30 video (one runner, raw workerd)`,
      ["stage", "wall s"],
      [...rows, ["total", total.toFixed(1)], ["total / recording length", (total / seconds).toFixed(2)]],
    );
  } finally {
    await platform.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
