// Transcription row: the whole platform path (upload → R2 → queue → runner → transcript, on raw
// workerd) against the same engine run directly on the same file, and the runner's peak memory
// (process tree) while it transcribes a 10-minute recording.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { printTable } from "./lib/load.mjs";
import { samplePeakMemory } from "./lib/memory.mjs";
import { registerBenchUser, servePlatform } from "./lib/workerd.mjs";

const SENTENCES = [
  "First we collect the recordings from every team.",
  "Then the platform transcribes what was said and finds the structure.",
  "Finally it draws the diagram and renders the explainer video.",
  "If the audio is long, it is split on silence into chunks.",
];

/** A spoken recording of about `minutes`, made with espeak-ng and encoded as MP3 by ffmpeg. */
function recording(dir, minutes) {
  const wav = path.join(dir, `speech-${minutes}.wav`);
  const mp3 = path.join(dir, `speech-${minutes}.mp3`);
  const words = Math.round(minutes * 150);
  const text = Array.from({ length: Math.ceil(words / 40) }, (_, i) => `Part ${i + 1}. ${SENTENCES.join(" ")}`).join(
    " ",
  );
  execFileSync("espeak-ng", ["-v", "en-us+klatt", "-s", "150", "-w", wav, text]);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", wav, "-b:a", "64k", mp3]);
  const seconds = Number(
    execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", mp3], {
      encoding: "utf8",
    }),
  );
  return { file: mp3, seconds };
}

const run = promisify(execFile);

/** The engine alone: decode to 16 kHz mono and run pocketsphinx on the whole file. */
async function direct(dir, file) {
  const started = performance.now();
  const wav = path.join(dir, "direct.wav");
  // Asynchronous, so the Miniflare instance served from this process keeps running meanwhile.
  await run("ffmpeg", ["-v", "error", "-y", "-i", file, "-ar", "16000", "-ac", "1", wav]);
  await run("pocketsphinx_continuous", ["-infile", wav, "-time", "yes", "-logfn", "/dev/null"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return (performance.now() - started) / 1000;
}

async function viaPlatform(url, token, file) {
  const form = new FormData();
  form.append("file", new Blob([readFileSync(file)]), path.basename(file));
  const started = performance.now();
  const auth = { Authorization: `Bearer ${token}` };
  let job = await (await fetch(`${url}/api/v1/transcribe`, { method: "POST", headers: auth, body: form })).json();
  while (job.status === "queued" || job.status === "running") {
    await new Promise((r) => setTimeout(r, 100));
    job = await (await fetch(`${url}/api/v1/jobs/${job.id}`, { headers: auth })).json();
  }
  if (job.status !== "succeeded") throw new Error(`bench job failed: ${JSON.stringify(job.error)}`);
  return (performance.now() - started) / 1000;
}

export async function benchTranscription() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-stt-"));
  const platform = await servePlatform({ dir, runnerPort: 8799 });
  try {
    const reg = await registerBenchUser(platform.url, "stt");
    const token = reg.token;

    const short = recording(dir, 2);
    const directSeconds = await direct(dir, short.file);
    const platformSeconds = await viaPlatform(platform.url, token, short.file);
    const long = recording(dir, 10);
    const memory = samplePeakMemory(platform.runner.pid);
    const longSeconds = await viaPlatform(platform.url, token, long.file);
    const peak = memory.stop();
    printTable(
      "Transcription (pocketsphinx), real-time factor = processing time / audio duration",
      ["path", "audio s", "wall s", "RTF", "ratio"],
      [
        [
          "engine directly (ffmpeg + pocketsphinx)",
          short.seconds.toFixed(1),
          directSeconds.toFixed(1),
          (directSeconds / short.seconds).toFixed(3),
          "1.00",
        ],
        [
          "platform: upload → queue → runner",
          short.seconds.toFixed(1),
          platformSeconds.toFixed(1),
          (platformSeconds / short.seconds).toFixed(3),
          (platformSeconds / directSeconds).toFixed(2),
        ],
        [
          "platform, 10-minute recording",
          long.seconds.toFixed(1),
          longSeconds.toFixed(1),
          (longSeconds / long.seconds).toFixed(3),
          "-",
        ],
      ],
    );
    console.log(
      `Peak runner memory (runner + its ffmpeg/pocketsphinx children) over the 10-minute job: ${(peak / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    await platform.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
