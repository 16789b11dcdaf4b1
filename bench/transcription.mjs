// Transcription rows: the whole platform path (upload → R2 → queue → runner → transcript, on raw
// workerd) against the same engine run directly on the same file — its speed, and its word error
// rate on the LibriVox recordings of real speech — and the runner's peak memory (process tree)
// while it transcribes a 10-minute recording.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { register } from "tsx/esm/api";
import { pcmOf, wavOf } from "../scripts/flite-speech.mjs";
import { librivoxUtterances } from "../scripts/librivox.mjs";
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

/** pocketsphinx_continuous with its default settings on a 16 kHz WAV: the words it heard. */
async function heardDirectly(wav) {
  const { stdout } = await run("pocketsphinx_continuous", ["-infile", wav, "-logfn", "/dev/null"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.replace(/^\d+: /gm, " ").trim();
}

/** The transcript text a job made, as the API gives it. */
export async function transcriptText(url, token, jobId) {
  const response = await fetch(`${url}/api/v1/transcripts/trn_${jobId.slice(4)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return (await response.json()).text;
}

/** One recording through the API (upload → R2 → queue → runner → transcript): its wall time and job id. */
export async function viaPlatform(url, token, file) {
  const form = new FormData();
  form.append("file", new Blob([readFileSync(file)]), path.basename(file));
  const started = performance.now();
  const auth = { Authorization: `Bearer ${token}` };
  let job = await (await fetch(`${url}/api/v1/transcribe`, { method: "POST", headers: auth, body: form })).json();
  const id = job.id;
  while (job.status === "queued" || job.status === "running" || job.status === 429) {
    // Polled often enough to time the job, and within the key's rate limit (a 429 waits its second).
    await new Promise((r) => setTimeout(r, job.status === 429 ? 1000 : 100));
    job = await (await fetch(`${url}/api/v1/jobs/${id}`, { headers: auth })).json();
  }
  if (job.status !== "succeeded") throw new Error(`bench job failed: ${JSON.stringify(job.error ?? job)}`);
  return { seconds: (performance.now() - started) / 1000, jobId: job.id };
}

/**
 * WER on real speech, platform against the engine run directly with its defaults: each LibriVox
 * utterance on its own, and all five read one after another (with a breath between) as one
 * recording, which the platform cuts into chunks and the direct run decodes whole.
 */
async function benchWer(url, token, dir) {
  register();
  const { corpusWordErrorRate } = await import("../containers/media-runner/src/wer.ts");
  const utterances = librivoxUtterances();
  const rows = [];
  const worse = [];
  const pairs = { direct: [], platform: [] };
  for (const { id, file, reference } of utterances) {
    const direct = { reference, hypothesis: await heardDirectly(file) };
    const { jobId } = await viaPlatform(url, token, file);
    const platform = { reference, hypothesis: await transcriptText(url, token, jobId) };
    pairs.direct.push(direct);
    pairs.platform.push(platform);
    if (corpusWordErrorRate([platform]) > corpusWordErrorRate([direct])) worse.push(id);
  }
  const ratio = (platform, direct) => (direct === 0 ? "-" : (platform / direct).toFixed(2));
  const each = [corpusWordErrorRate(pairs.direct), corpusWordErrorRate(pairs.platform)];
  rows.push(["each utterance alone (5 files)", each[0].toFixed(3), each[1].toFixed(3), ratio(each[1], each[0])]);

  // Three readings of the five, so the recording (about 75 s) spans more than one 30 s chunk.
  const breath = Buffer.alloc(16000 * 2 * 0.8);
  const readings = [0, 1, 2].flatMap(() => utterances);
  const joined = path.join(dir, "librivox-joined.wav");
  writeFileSync(joined, wavOf(Buffer.concat(readings.flatMap(({ file }) => [pcmOf(readFileSync(file)), breath]))));
  const reference = readings.map((u) => u.reference).join(" ");
  const direct = corpusWordErrorRate([{ reference, hypothesis: await heardDirectly(joined) }]);
  const { jobId } = await viaPlatform(url, token, joined);
  const platform = corpusWordErrorRate([{ reference, hypothesis: await transcriptText(url, token, jobId) }]);
  rows.push([
    "one recording of all five, read 3 times (75 s)",
    direct.toFixed(3),
    platform.toFixed(3),
    ratio(platform, direct),
  ]);
  printTable(
    "Word error rate on LibriVox (real speech), engine directly (pocketsphinx_continuous, defaults) vs platform",
    ["recordings", "WER direct", "WER platform", "ratio"],
    rows,
  );
  console.log(
    `Utterances the platform heard worse than the engine run directly: ${worse.length ? worse.join(", ") : "none"} (of ${utterances.length})`,
  );
}

export async function benchTranscription() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-stt-"));
  const platform = await servePlatform({ dir, runnerPort: 8799 });
  try {
    const reg = await registerBenchUser(platform.url, "stt");
    const token = reg.token;

    const short = recording(dir, 2);
    await benchWer(platform.url, token, dir);
    const directSeconds = await direct(dir, short.file);
    const { seconds: platformSeconds } = await viaPlatform(platform.url, token, short.file);
    const long = recording(dir, 10);
    const memory = samplePeakMemory(platform.runner.pid);
    const { seconds: longSeconds } = await viaPlatform(platform.url, token, long.file);
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
