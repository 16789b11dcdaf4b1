/**
 * Shared by the runner tests: a real runner on a free port, real audio made with espeak-ng and
 * ffmpeg, and an NDJSON client that parses every line with the protocol's own schemas.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import type { Segment } from "../../containers/media-runner/src/protocol.ts";
import {
  JOB_ID_HEADER,
  OPTIONS_HEADER,
  optionsHeader,
  RunnerError,
  TranscribeLine,
} from "../../containers/media-runner/src/protocol.ts";
import type { RunningRunner, StartRunnerOptions } from "../../containers/media-runner/src/server.ts";
import { startRunner } from "../../containers/media-runner/src/server.ts";

export const run = promisify(execFile);

/** A fresh job id in the Worker's format (prefix + 26 lower-case base-32 characters). */
export function newJobId(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return `job_${Array.from(randomBytes(26), (byte) => alphabet[byte % 32]).join("")}`;
}

export interface TestRunner extends RunningRunner {
  workDir: string;
}

/** Starts an in-process runner on 127.0.0.1 and a free port, with its own work directory. */
export async function startTestRunner(options: StartRunnerOptions = {}): Promise<TestRunner> {
  const workDir = await mkdtemp(join(tmpdir(), "zukai-runner-test-"));
  const runner = await startRunner({ port: 0, workDir, maxConcurrentJobs: 4, ...options });
  return {
    url: runner.url,
    instanceDir: runner.instanceDir,
    workDir,
    async close() {
      await runner.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** A scratch directory for generated audio. */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "zukai-audio-"));
}

/** Speaks `text` with espeak-ng's Klatt voice, which PocketSphinx recognises far better than the default. */
export async function speak(text: string, wavPath: string, ssml = false): Promise<string> {
  await run("espeak-ng", [...(ssml ? ["-m"] : []), "-v", "en-us+klatt", "-w", wavPath, text]);
  return wavPath;
}

/** Converts with ffmpeg; `codecArgs` picks the codec (e.g. ["-c:a", "libopus"]). */
export async function convert(input: string, output: string, codecArgs: string[] = []): Promise<string> {
  await run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", input, ...codecArgs, output]);
  return output;
}

export type Line = TranscribeLine;

export type TranscribeReply =
  | { ok: true; status: 200; lines: Line[] }
  | { ok: false; status: number; error: RunnerError };

export interface TranscribeRequest {
  jobId?: string;
  options?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Called for every line as it arrives (to act mid-stream, e.g. cancel). */
  onLine?: (line: Line) => void;
}

/** POSTs a file (streamed from disk) to /transcribe and collects the reply. */
export async function transcribeFile(
  url: string,
  path: string,
  request: TranscribeRequest = {},
): Promise<TranscribeReply> {
  const { size } = await stat(path);
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  const response = await fetch(`${url}/transcribe`, {
    method: "POST",
    body,
    duplex: "half",
    signal: request.signal,
    headers: {
      [JOB_ID_HEADER]: request.jobId ?? newJobId(),
      [OPTIONS_HEADER]: optionsHeader(request.options ?? {}),
      "content-length": String(size),
    },
  } as RequestInit);
  if (response.status !== 200)
    return { ok: false, status: response.status, error: RunnerError.parse(await response.json()) };
  return { ok: true, status: 200, lines: await readLines(response, request.onLine) };
}

/** Like transcribeFile, for requests that must be accepted: returns the lines, throws otherwise. */
export async function transcribeLines(url: string, path: string, request: TranscribeRequest = {}): Promise<Line[]> {
  const reply = await transcribeFile(url, path, request);
  if (!reply.ok) throw new Error(`HTTP ${reply.status}: ${JSON.stringify(reply.error)}`);
  return reply.lines;
}

/** Reads an NDJSON body line by line, parsing each with the protocol schema. */
export async function readLines(response: Response, onLine?: (line: Line) => void): Promise<Line[]> {
  const lines: Line[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    pending += decoder.decode(read.value, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = TranscribeLine.parse(JSON.parse(pending.slice(0, newline)));
      pending = pending.slice(newline + 1);
      lines.push(line);
      onLine?.(line);
    }
  }
  if (pending.trim()) throw new Error(`unterminated NDJSON line: ${pending}`);
  return lines;
}

/** Lines of one type, typed. */
export function linesOf<T extends Line["type"]>(lines: Line[], type: T): Extract<Line, { type: T }>[] {
  return lines.filter((line): line is Extract<Line, { type: T }> => line.type === type);
}

/** All segments of all chunk lines, in order. */
export function segmentsOf(lines: Line[]): Segment[] {
  return linesOf(lines, "chunk").flatMap((chunk) => chunk.segments);
}

/** The transcript text of a reply. */
export function transcriptOf(lines: Line[]): string {
  return segmentsOf(lines)
    .map((segment) => segment.text)
    .join(" ");
}

const SENTENCES = [
  "The weather today is sunny and warm.",
  "My brother likes to read books about science.",
  "Please open the window and close the door.",
  "The children are playing in the garden.",
  "I would like a cup of coffee with milk.",
  "We will go to the park after lunch.",
  "The train leaves the station at seven.",
  "She wrote a long letter to her mother.",
  "The dog is sleeping under the table.",
  "This is a test of the speech recognition system.",
];

/**
 * About 69 s: ten sentences, each followed by 5 s of silence. Long enough for two chunks, with
 * pauses where the planner can cut; mostly silence, which PocketSphinx's voice activity
 * detection skips, so the suite stays fast. Encoded as MP3 so chunk seeking runs on a
 * compressed format.
 */
export async function makeLongRecording(dir: string): Promise<string> {
  const ssml = `<speak>${SENTENCES.map((sentence) => `${sentence} <break time="5s"/>`).join(" ")}</speak>`;
  const wav = await speak(ssml, join(dir, "long-source.wav"), true);
  return convert(wav, join(dir, "long.mp3"), ["-c:a", "libmp3lame", "-b:a", "64k"]);
}

/** Process ids whose command line mentions `text` (e.g. a job id in a chunk path), optionally only for one binary. */
export async function processesMentioning(text: string, binary?: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const argv = cmdline.split("\0");
    if (cmdline.includes(text) && (!binary || (argv[0] ?? "").endsWith(binary))) pids.push(Number(entry));
  }
  return pids;
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
