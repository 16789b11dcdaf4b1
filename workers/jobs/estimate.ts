/**
 * Dry runs: what a request would cost and how long it would take, computed from the metered
 * units it would record and the list prices, without running or billing anything.
 */
import { LIST_PRICES_MICRO_USD, PROCESSING_SPEED } from "../billing/prices";

export interface EstimateInput {
  kind: "transcription" | "pipeline" | "diagram" | "video";
  /** Audio length when known (null: a URL that is not fetched for a dry run). */
  audioSeconds: number | null;
  audioSecondsIsEstimate?: boolean;
  resolution?: string;
  /** Video length when there is no audio (scenes × a few seconds). */
  videoSeconds?: number;
}

/** The estimate returned by `dryRun: true`. */
export function estimate(input: EstimateInput) {
  const usage: { meter: string; quantity: number }[] = [];
  let seconds = 0;
  const audio = input.audioSeconds;
  if ((input.kind === "transcription" || input.kind === "pipeline") && audio !== null) {
    usage.push({ meter: "audio_seconds", quantity: audio });
    seconds += audio * PROCESSING_SPEED.transcriptionRtf;
  }
  if (input.kind === "pipeline" || input.kind === "diagram") {
    usage.push({ meter: "diagrams", quantity: 1 });
    seconds += PROCESSING_SPEED.diagramSeconds;
  }
  const videoSeconds = input.kind === "pipeline" ? audio : input.kind === "video" ? (audio ?? input.videoSeconds ?? null) : null;
  if (videoSeconds !== null && (input.kind === "pipeline" || input.kind === "video")) {
    const resolution = input.resolution ?? "720p";
    usage.push({ meter: `render_seconds_${resolution}`, quantity: videoSeconds });
    seconds += videoSeconds / (PROCESSING_SPEED.renderTimesRealTime[resolution] ?? 1);
  }
  const known = audio !== null || input.kind === "diagram" || input.videoSeconds !== undefined;
  const microUsd = usage.reduce((sum, u) => sum + Math.round(u.quantity * (LIST_PRICES_MICRO_USD[u.meter] ?? 0)), 0);
  return {
    dryRun: true as const,
    valid: true as const,
    usage,
    estimatedCost: known ? { currency: "USD", microUnits: microUsd, display: `$${(microUsd / 1e6).toFixed(4)}` } : null,
    estimatedProcessingSeconds: known ? Math.round(seconds * 10) / 10 : null,
    notes: [
      ...(audio === null && input.kind !== "diagram" ? ["The recording's length is not known until it is fetched; cost and time depend on it."] : []),
      ...(input.audioSecondsIsEstimate ? ["The recording's length is estimated from its size."] : []),
    ],
  };
}

/** An audio file's duration from its bytes: exact for WAV headers, else from a typical bitrate. */
export function durationFromBytes(format: string, head: Uint8Array, size: number): { seconds: number; exact: boolean } {
  if (format === "wav" && head.length >= 44) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const byteRate = view.getUint32(28, true);
    if (byteRate > 0) return { seconds: Math.max(0, size - 44) / byteRate, exact: true };
  }
  const bitsPerSecond: Record<string, number> = { mp3: 128_000, ogg: 96_000, m4a: 128_000, webm: 96_000, flac: 700_000, wav: 256_000 };
  return { seconds: (size * 8) / (bitsPerSecond[format] ?? 128_000), exact: false };
}
