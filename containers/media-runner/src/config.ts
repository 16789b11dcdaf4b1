/**
 * Runner configuration: explicit options for tests and embedding, environment variables for the
 * process entry point (server.ts) and the container image.
 */
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { PocketsphinxConfig } from "./engines/pocketsphinx.ts";
import type { WhisperConfig } from "./engines/whisper.ts";
import type { ChunkingPolicy } from "./media/chunking.ts";
import { DEFAULT_CHUNKING } from "./media/chunking.ts";

export interface RunnerConfig {
  /** Uploads, decoded chunks and engine output live here, one directory per job. */
  workDir: string;
  maxConcurrentJobs: number;
  /** Larger request bodies are refused (413) while streaming to disk. */
  maxUploadBytes: number;
  chunking: ChunkingPolicy;
  /** While one chunk is being transcribed, a progress line is sent this often so proxies see traffic. */
  heartbeatMs: number;
  /** On shutdown, how long the current chunks may take before their processes are killed. */
  shutdownGraceMs: number;
  /** Finished render outputs not fetched and deleted by then are swept. */
  outputTtlMs: number;
  pocketsphinx: PocketsphinxConfig;
  whisper: WhisperConfig;
}

export type RunnerOptions = Partial<Omit<RunnerConfig, "pocketsphinx" | "whisper">> & {
  pocketsphinx?: Partial<PocketsphinxConfig>;
  whisper?: Partial<WhisperConfig>;
};

function positiveInt(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}

/** Fills every option not given explicitly from the environment, then from defaults. */
export function resolveConfig(options: RunnerOptions = {}, env: NodeJS.ProcessEnv = process.env): RunnerConfig {
  return {
    workDir: options.workDir ?? env.RUNNER_WORK_DIR ?? join(tmpdir(), "zukai-runner"),
    maxConcurrentJobs: options.maxConcurrentJobs ?? positiveInt(env.MAX_CONCURRENT_JOBS) ?? availableParallelism(),
    maxUploadBytes: options.maxUploadBytes ?? positiveInt(env.MAX_UPLOAD_BYTES) ?? 2 * 1024 ** 3,
    chunking: options.chunking ?? DEFAULT_CHUNKING,
    heartbeatMs: options.heartbeatMs ?? 5_000,
    shutdownGraceMs: options.shutdownGraceMs ?? positiveInt(env.SHUTDOWN_GRACE_MS) ?? 60_000,
    outputTtlMs: options.outputTtlMs ?? (positiveInt(env.OUTPUT_TTL_SECONDS) ?? 3600) * 1000,
    pocketsphinx: {
      binary: options.pocketsphinx?.binary ?? env.POCKETSPHINX_BIN ?? "pocketsphinx_continuous",
      modelDir: options.pocketsphinx?.modelDir ?? env.POCKETSPHINX_MODEL_DIR ?? "/usr/share/pocketsphinx/model/en-us",
    },
    whisper: {
      binary: options.whisper?.binary ?? env.WHISPER_BIN,
      model: options.whisper?.model ?? env.WHISPER_MODEL,
      version: options.whisper?.version ?? env.WHISPER_VERSION,
      threads: options.whisper?.threads ?? positiveInt(env.WHISPER_THREADS) ?? Math.max(1, availableParallelism()),
    },
  };
}
