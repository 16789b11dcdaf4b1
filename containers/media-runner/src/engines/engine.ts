/**
 * The speech-to-text engine seam. The runner decodes and chunks; an engine only turns one
 * 16 kHz mono WAV into timed segments, so adding an engine never touches the streaming logic.
 */
import type { Segment } from "../protocol.ts";

export interface ChunkRequest {
  /** BCP 47 tag from the job options, e.g. "en", "en-US", "ja". */
  language: string;
  /** The workspace glossary's terms as a prompt; engines without one ignore it. */
  prompt?: string;
  /** Where the chunk starts in the whole file; returned times are absolute (offset added). */
  offsetSeconds: number;
  signal?: AbortSignal;
  /** A scratch directory owned by the job, removed when the job ends. */
  scratchDir: string;
}

export interface SpeechEngine {
  readonly name: string;
  /** Throws a RunnerFailure (unsupported_language / engine_unavailable) when this job cannot run. */
  assertCanRun(language: string): Promise<void>;
  /**
   * The primary language subtags ("en", "ja") this engine can transcribe right now: empty while
   * its binary or model is missing, so the Worker can refuse a job before it is queued.
   */
  languages(): Promise<string[]>;
  /** Transcribes one chunk; segments carry absolute times in seconds. */
  transcribeChunk(wavPath: string, request: ChunkRequest): Promise<Segment[]>;
  /** A human-readable version string for /healthz and the result line. */
  version(): Promise<string>;
}

/** The primary subtag of a BCP 47 tag, lower-cased ("en-US" → "en"). */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] ?? tag).toLowerCase();
}

/** Rounds to three decimals (milliseconds, for times) so floating-point noise never reaches the wire. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Clamps an engine's probability into the protocol's [0, 1]. */
export function clampConfidence(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Mean of a list of numbers, 0 for an empty list. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
