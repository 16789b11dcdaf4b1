/**
 * The NDJSON body of POST /transcribe: probe, then per chunk progress lines and a chunk line,
 * then result, or an error line. Chunks are decoded and transcribed one at a time, and each chunk
 * line is a checkpoint the Worker stores, so a retry resumes at startChunk instead of restarting.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { SpeechEngine } from "../engines/engine.ts";
import { jobLineStream } from "../job-stream.ts";
import type { Job, JobRegistry } from "../jobs.ts";
import { shutdownFailure } from "../jobs.ts";
import { decodeChunk } from "../media/decode.ts";
import { abortReason } from "../process.ts";
import type { TranscribeLine, TranscribeOptions } from "../protocol.ts";
import type { PreparedTranscription } from "./prepare.ts";
import { ProgressMeter } from "./progress.ts";

export interface TranscriptStreamInput {
  job: Job;
  registry: JobRegistry;
  prepared: PreparedTranscription;
  options: TranscribeOptions;
  engine: SpeechEngine;
  heartbeatMs: number;
}

type Emit = (line: TranscribeLine) => void;

/** Runs the job and streams its lines; the job's files and slot are released when it ends. */
export function createTranscriptStream(input: TranscriptStreamInput): ReadableStream<Uint8Array> {
  const { job, registry, prepared } = input;
  return jobLineStream<TranscribeLine>(
    job,
    registry,
    (emit) => runChunks(input, emit),
    () => rm(prepared.jobDir, { recursive: true, force: true }),
  );
}

async function runChunks(input: TranscriptStreamInput, emit: Emit): Promise<void> {
  const { job, prepared, options, engine } = input;
  const { chunks, durationSeconds } = prepared;
  emit({ type: "probe", durationSeconds, format: prepared.format, chunkCount: chunks.length });
  const meter = new ProgressMeter(durationSeconds);
  for (const chunk of chunks.slice(options.startChunk)) {
    if (job.signal.aborted) throw abortReason(job.signal);
    if (job.stopAfterCurrentChunk) throw shutdownFailure();
    const label = `chunk ${chunk.index + 1}/${chunks.length}`;
    const startedAt = performance.now();
    emit(meter.line(`decoding ${label}`, chunk.start, chunk.end));
    const wavPath = join(prepared.jobDir, `chunk-${String(chunk.index).padStart(5, "0")}.wav`);
    await decodeChunk(prepared.sourcePath, chunk, chunk.index === chunks.length - 1, wavPath, job.signal);
    emit(meter.line(`transcribing ${label}`, chunk.start, chunk.end, performance.now() - startedAt));
    // Long chunks would leave the connection silent for a while; keep the estimate moving.
    const heartbeat = setInterval(() => {
      emit(meter.line(`transcribing ${label}`, chunk.start, chunk.end, performance.now() - startedAt));
    }, input.heartbeatMs);
    try {
      const segments = await engine.transcribeChunk(wavPath, {
        language: options.language,
        prompt: options.prompt,
        offsetSeconds: chunk.start,
        signal: job.signal,
        scratchDir: prepared.jobDir,
      });
      emit({ type: "chunk", index: chunk.index, start: chunk.start, end: chunk.end, segments });
    } finally {
      clearInterval(heartbeat);
      await rm(wavPath, { force: true });
    }
    meter.record(chunk.end - chunk.start, performance.now() - startedAt);
  }
  emit(meter.line("done", durationSeconds, durationSeconds));
  emit({
    type: "result",
    durationSeconds,
    language: options.language,
    engine: engine.name,
    engineVersion: await engine.version(),
    chunkCount: chunks.length,
  });
}
