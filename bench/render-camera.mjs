// Camera row (best of two alternated runs each): a 60 s 720p30 explainer of a 12-step flow made by the 図解
// engine, whose layout is too tall to read whole in 16:9, rendered through the runner's
// POST /render twice in the same run: with the camera the Worker plans (holds on what is said,
// eased moves, the closing overview) and static (every scene fitted whole, held as long). Same
// scenes, same audio, same length, same ffmpeg settings; the ratio is what the camera costs.
import { readFileSync } from "node:fs";
import { register } from "tsx/esm/api";
import { printTable } from "./lib/load.mjs";

const SECONDS = 60;
const STEPS = [
  "First, we freeze the feature list.",
  "Then we write the release notes.",
  "Next, we run the unit tests.",
  "After that, we run the integration tests.",
  "Then we build the installers.",
  "Next, we sign the installers.",
  "After that, we upload them to the staging server.",
  "Then the testers check the staging build.",
  "Next, we fix the last bugs.",
  "After that, we tag the release.",
  "Then we publish the installers.",
  "Finally, we announce the release to our users.",
];

let modules;
function workerModules() {
  modules ??= (async () => {
    register();
    return {
      ...(await import("../workers/engine/index.ts")),
      ...(await import("../workers/videos/scenes.ts")),
      ...(await import("../workers/videos/camera.ts")),
    };
  })();
  return modules;
}

/** The flow's scenes and camera, as the rendering stage would send them, over 60 s of speech. */
async function cameraManifest() {
  const { analyze, buildDiagram, videoScenes } = await workerModules();
  const sentences = ["Here is how we release a new version of the app.", ...STEPS];
  const slot = SECONDS / (sentences.length + 0.5);
  const segments = sentences.map((text, i) => ({ start: i * slot, end: i * slot + slot - 0.6, text }));
  const data = buildDiagram(analyze({ text: sentences.join(" "), segments }), { type: "flow" });
  const jobId = `job_${String(Date.now()).padStart(26, "0").slice(-26)}`;
  return videoScenes(
    data,
    { durationSeconds: SECONDS, segments },
    {
      jobId,
      resolution: "720p",
      aspectRatio: "16:9",
      fps: 30,
      theme: "light",
      transition: "crossfade",
      captions: "off",
    },
  );
}

/** The same scenes, each shown whole (no camera), held over the same total length. */
function staticManifest(manifest) {
  const { camera: _camera, ...rest } = manifest;
  return rest;
}

/**
 * CPU seconds the runner and its finished children (ffmpeg, the rasterisers) have used: fields
 * 14–17 of /proc/<pid>/stat. Unlike wall time it barely moves when others load the machine.
 */
function runnerCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

/** Prints the camera row; `viaRunner` is the render row's own client of POST /render. */
export async function benchRenderCamera({ runnerUrl, runnerPid, audio, viaRunner }) {
  const { manifest, parts, camera, diagram } = await cameraManifest();
  const { scaleOf, minTextPx } = await workerModules();
  const frame = { width: 1280, height: 720 };
  const svgs = Object.fromEntries(parts.map((part) => [part.name, part.body]));
  const moves = camera.shots.length - 1;
  const smallest = Math.min(
    ...camera.shots.flatMap((shot) => shot.spoken.map((text) => text.fontSize * scaleOf(shot.rect, frame))),
  );
  // Alternated, best of two each: load from elsewhere on the machine then weighs on both alike.
  const runs = { still: [], moving: [] };
  const measured = async (m) => {
    const cpuBefore = runnerCpuSeconds(runnerPid);
    const result = await viaRunner(runnerUrl, m, svgs, audio);
    return { ...result, cpu: runnerCpuSeconds(runnerPid) - cpuBefore };
  };
  for (let round = 0; round < 2; round++) {
    runs.still.push(await measured({ ...staticManifest(manifest), jobId: `${manifest.jobId.slice(0, -2)}s${round}` }));
    runs.moving.push(await measured({ ...manifest, jobId: `${manifest.jobId.slice(0, -2)}m${round}` }));
  }
  const best = (list) => list.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const still = best(runs.still);
  const moving = best(runs.moving);
  const cpu = (list) => Math.min(...list.map((r) => r.cpu));
  const [stillCpu, movingCpu] = [cpu(runs.still), cpu(runs.moving)];
  const row = (label, r, c, ratio) => [
    label,
    r.videoSeconds.toFixed(1),
    r.seconds.toFixed(2),
    c.toFixed(2),
    `${(r.videoSeconds / r.seconds).toFixed(2)}×`,
    (r.bytes / 1024).toFixed(0),
    ratio,
  ];
  printTable(
    `Camera: ${SECONDS} s 720p30, a 12-step flow (${diagram.width}×${diagram.height} units), ${parts.length} scenes, ${moves} eased moves, AAC audio — same scenes, same length`,
    ["path", "video s", "wall s", "CPU s", "× real time", "MP4 KiB", "wall ratio"],
    [
      row("static: every scene fitted whole", still, stillCpu, "1.00"),
      row("camera: follows the speech", moving, movingCpu, (moving.seconds / still.seconds).toFixed(2)),
    ],
  );
  console.log(
    `camera: smallest spoken text ${smallest.toFixed(1)} px (floor ${minTextPx(frame).toFixed(1)} px at 720p); the whole diagram fitted would draw it at ${(Math.min(...diagram.nodes.map((n) => n.label.fontSize)) * scaleOf({ width: Math.max(diagram.width, (diagram.height * 16) / 9) }, frame)).toFixed(1)} px`,
  );
  console.log(
    `camera cost ratio: ${(moving.seconds / still.seconds).toFixed(2)} in wall time, ${(movingCpu / stillCpu).toFixed(2)} in runner CPU time (DESIGN §5 asks ≤ 1.30)`,
  );
}
