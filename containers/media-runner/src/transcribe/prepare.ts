/**
 * Everything a transcription needs before the first NDJSON line: the upload on disk, the probe,
 * the silence scan and the chunk plan. Every input problem surfaces here as a 422, so a bad
 * recording is refused with a status code instead of a half-written stream.
 */
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { RunnerConfig } from "../config.ts";
import { inputFailure } from "../errors.ts";
import type { Job } from "../jobs.ts";
import type { Chunk } from "../media/chunking.ts";
import { planChunks } from "../media/chunking.ts";
import { probeAudio } from "../media/probe.ts";
import { scanSilences } from "../media/silence.ts";
import type { TranscribeOptions } from "../protocol.ts";
import { saveUpload } from "./upload.ts";

export interface PreparedTranscription {
  /** The job's scratch directory (its name starts with the job id, so its processes are findable). */
  jobDir: string;
  sourcePath: string;
  format: string;
  durationSeconds: number;
  chunks: Chunk[];
}

/** Creates the job's scratch directory inside the runner's instance directory. */
export function createJobDir(instanceDir: string, job: Job): Promise<string> {
  return mkdtemp(join(instanceDir, `${job.id}-`));
}

function tooLong(seconds: number, max: number) {
  return inputFailure("audio_too_long", `the recording is ${seconds.toFixed(1)} s long; the limit is ${max} s`);
}

/** Receives and checks the upload, then plans the chunks. */
export async function prepareTranscription(
  body: ReadableStream<Uint8Array> | null,
  jobDir: string,
  job: Job,
  options: TranscribeOptions,
  config: RunnerConfig,
): Promise<PreparedTranscription> {
  const sourcePath = join(jobDir, "source");
  await saveUpload(body, sourcePath, config.maxUploadBytes, job.signal);
  const probe = await probeAudio(sourcePath, job.signal);
  const max = options.maxDurationSeconds;
  if (probe.durationSeconds !== null && probe.durationSeconds > max) throw tooLong(probe.durationSeconds, max);
  const scan = await scanSilences(sourcePath, max, job.signal);
  // The container's claim is checked above; the decoded length is what the chunks are cut from.
  if (scan.decodedSeconds > max) throw tooLong(scan.decodedSeconds, max);
  return {
    jobDir,
    sourcePath,
    format: probe.format,
    durationSeconds: Math.round(scan.decodedSeconds * 1000) / 1000,
    chunks: planChunks(scan.decodedSeconds, scan.silences, config.chunking),
  };
}
