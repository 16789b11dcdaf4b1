// Render row (best of two runs each): 60 s explainer videos (8 diagram scenes, spoken audio, crossfades, burned captions)
// at 720p30 and 1080p30, through the runner's POST /render end to end (upload, rasterising,
// encoding, hashing, download of video.mp4), against the same ffmpeg commands run directly in
// this process on the same PNG frames. The ratio is what the runner adds on top of ffmpeg.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { register } from "tsx/esm/api";
import { startRunner } from "../scripts/local-platform.mjs";
import { printTable } from "./lib/load.mjs";
import { benchRenderCamera } from "./render-camera.mjs";

/**
 * The runner's own modules (TypeScript, loaded through tsx only when this row runs) build the
 * direct run's commands, so both paths run exactly the same ffmpeg work.
 */
let modules;
function runnerModules() {
  modules ??= (async () => {
    register();
    return {
      ...(await import("../containers/media-runner/src/render/manifest.ts")),
      ...(await import("../containers/media-runner/src/render/prepare.ts")),
      ...(await import("../containers/media-runner/src/render/stills.ts")),
      ...(await import("../containers/media-runner/src/render/encode.ts")),
    };
  })();
  return modules;
}

const SECONDS = 60;
const STEPS = [
  ["録音を集める", "Collect recordings"],
  ["文字起こし", "Transcribe"],
  ["構造を分析", "Find the structure"],
  ["図解を描く", "Draw the diagram"],
  ["レイアウト", "Lay it out"],
  ["動画を作る", "Render the video"],
  ["確認する", "Review"],
  ["共有する", "Share"],
];

/** Scene k of a flowchart that grows one step per scene: boxes, arrows, labels, a legend. */
export function diagramSvg(k) {
  const nodes = STEPS.slice(0, k + 1).map(([ja, en], i) => {
    const x = 60 + (i % 4) * 300;
    const y = 170 + Math.floor(i / 4) * 250;
    const arrow =
      i === 0
        ? ""
        : i % 4 === 0
          ? `<path d="M ${x + 1020} ${y - 80} C ${x + 1020} ${y - 20}, ${x + 110} ${y - 60}, ${x + 110} ${y}" fill="none" stroke="#555" stroke-width="3" marker-end="url(#a)"/>`
          : `<path d="M ${x - 80} ${y + 60} L ${x - 8} ${y + 60}" stroke="#555" stroke-width="3" marker-end="url(#a)"/>`;
    const fill = i === k ? "#ffe7a8" : "#e3ecff";
    return `${arrow}<rect x="${x}" y="${y}" width="220" height="120" rx="18" fill="${fill}" stroke="#2a4d9b" stroke-width="3"/>
<text x="${x + 110}" y="${y + 55}" font-size="30" text-anchor="middle" fill="#1b2b4d">${ja}</text>
<text x="${x + 110}" y="${y + 92}" font-size="20" text-anchor="middle" fill="#44506a">${en}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720" viewBox="0 0 1280 720">
<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>
<linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fbfcff"/><stop offset="1" stop-color="#eef2fb"/></linearGradient></defs>
<rect width="1280" height="720" fill="url(#g)"/>
<text x="60" y="90" font-size="44" font-weight="bold" fill="#111">Zukai 図解: 音声から動画へ (${k + 1}/${STEPS.length})</text>
${nodes.join("\n")}
<rect x="60" y="650" width="24" height="24" fill="#ffe7a8" stroke="#2a4d9b"/><text x="96" y="670" font-size="20" fill="#333">current step 現在のステップ</text>
</svg>`;
}

function manifest(resolution) {
  const sceneSeconds = SECONDS / STEPS.length;
  return {
    jobId: `job_${String(Date.now()).padStart(26, "0").slice(-26)}`,
    resolution,
    fps: 30,
    transition: "crossfade",
    transitionSeconds: 0.5,
    captions: "burned",
    durationSeconds: SECONDS,
    scenes: STEPS.map((_, i) => ({
      id: `s${i}`,
      start: i * sceneSeconds,
      end: (i + 1) * sceneSeconds,
      svgPart: `scene-${i + 1}.svg`,
    })),
    cues: STEPS.map(([ja, en], i) => ({
      start: i * sceneSeconds + 0.5,
      end: (i + 1) * sceneSeconds - 0.5,
      text: `${en} — ${ja}`,
    })),
  };
}

/** 60 s of speech (espeak-ng, padded with silence to the exact length). */
function speech(dir) {
  const wav = path.join(dir, "speech-raw.wav");
  const text = STEPS.map(([, en], i) => `Step ${i + 1}. ${en}. The diagram grows as the explanation goes on.`).join(
    " ",
  );
  execFileSync("espeak-ng", ["-v", "en-us+klatt", "-s", "130", "-w", wav, text]);
  const out = path.join(dir, "speech.wav");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", wav, "-af", "apad", "-t", String(SECONDS), out]);
  return out;
}

async function viaRunner(url, m, svgs, audio) {
  const form = new FormData();
  form.append("manifest", JSON.stringify(m));
  for (const [name, svg] of Object.entries(svgs)) form.append(name, new Blob([svg]), name);
  form.append("audio", new Blob([readFileSync(audio)]), "speech.wav");
  const started = performance.now();
  const response = await fetch(`${url}/render`, { method: "POST", body: form });
  // Read as it streams, to note when encoding starts (upload, probe and rasterising are done).
  let text = "";
  let encodingAt = null;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    text += decoder.decode(chunk, { stream: true });
    if (encodingAt === null && text.includes('"currentOperation":"encoding')) encodingAt = performance.now();
  }
  const lines = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const result = lines.at(-1);
  if (result?.type !== "result") throw new Error(`render failed: ${JSON.stringify(result ?? response.status)}`);
  const video = await fetch(`${url}/outputs/${m.jobId}/video.mp4`);
  const bytes = (await video.arrayBuffer()).byteLength;
  const seconds = (performance.now() - started) / 1000;
  await fetch(`${url}/outputs/${m.jobId}`, { method: "DELETE" });
  return {
    seconds,
    bytes,
    videoSeconds: result.durationSeconds,
    beforeEncoding: ((encodingAt ?? started) - started) / 1000,
  };
}

/** The faster of two runs of `once`: the machine may be shared, and noise only ever adds time. */
async function bestOfTwo(once) {
  const [a, b] = [await once(), await once()];
  return a.seconds <= b.seconds ? a : b;
}

/** The same encode, directly: stills rasterised beforehand (untimed), then the runner's ffmpeg commands. */
async function direct(dir, m, svgs, audio) {
  const { parseManifest, prepareRender, rasteriseStills, encodeVideo } = await runnerModules();
  const jobDir = mkdtempSync(path.join(dir, `direct-${m.resolution}-`));
  const scenes = new Map();
  for (const [name, svg] of Object.entries(svgs)) {
    writeFileSync(path.join(jobDir, name), svg);
    scenes.set(name, path.join(jobDir, name));
  }
  const copy = path.join(jobDir, "audio");
  writeFileSync(copy, readFileSync(audio));
  const prepared = await prepareRender(
    parseManifest(JSON.stringify(m)),
    jobDir,
    { scenes, audio: copy },
    new AbortController().signal,
  );
  await rasteriseStills(prepared, { signal: new AbortController().signal });
  const started = performance.now();
  const encoded = await encodeVideo(prepared, { signal: new AbortController().signal, onPosition: () => {} });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bytes: readFileSync(encoded.video).length, videoSeconds: prepared.durationSeconds };
}

/** The render rows; `only: "camera"` runs just the camera row (`node bench/run.mjs camera`). */
export async function benchRender({ only } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-render-"));
  const runner = await startRunner({ port: 8796 });
  try {
    const audio = speech(dir);
    await benchRenderCamera({ runnerUrl: runner.url, runnerPid: runner.pid, audio, viaRunner });
    if (only === "camera") return;
    const svgs = Object.fromEntries(STEPS.map((_, i) => [`scene-${i + 1}.svg`, diagramSvg(i)]));
    const rows = [];
    const notes = [];
    for (const resolution of ["720p", "1080p"]) {
      const m = manifest(resolution);
      const base = await bestOfTwo(() => direct(dir, m, svgs, audio));
      const viaApi = await bestOfTwo(() => viaRunner(runner.url, m, svgs, audio));
      notes.push(
        `${resolution}: the runner starts encoding ${viaApi.beforeEncoding.toFixed(2)} s after the request (upload, probe, rasterising 8 scenes)`,
      );
      const row = (label, r, ratio) => [
        label,
        resolution,
        r.videoSeconds.toFixed(1),
        r.seconds.toFixed(2),
        `${(r.videoSeconds / r.seconds).toFixed(2)}×`,
        (r.bytes / 1024).toFixed(0),
        ratio,
      ];
      rows.push(row("ffmpeg directly (same PNGs, same commands)", base, "1.00"));
      rows.push(row("runner POST /render end to end", viaApi, (viaApi.seconds / base.seconds).toFixed(2)));
    }
    printTable(
      `Render: ${SECONDS} s, 8 scenes, crossfades, burned captions, AAC audio — × real time = video seconds per wall second`,
      ["path", "res", "video s", "wall s", "× real time", "MP4 KiB", "ratio"],
      rows,
    );
    for (const note of notes) console.log(note);
  } finally {
    await runner.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
