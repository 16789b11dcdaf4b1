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
  /** Why the length is an estimate, when there is more to say than "from its size". */
  audioSecondsNote?: string;
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
  const videoSeconds =
    input.kind === "pipeline" ? audio : input.kind === "video" ? (audio ?? input.videoSeconds ?? null) : null;
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
      ...(audio === null && input.kind !== "diagram"
        ? ["The recording's length is not known until it is fetched; cost and time depend on it."]
        : []),
      ...(input.audioSecondsIsEstimate
        ? [input.audioSecondsNote ?? "The recording's length is estimated from its size."]
        : []),
    ],
  };
}

const TYPICAL_BITS_PER_SECOND: Record<string, number> = {
  mp3: 128_000,
  ogg: 96_000,
  m4a: 128_000,
  webm: 96_000,
  flac: 700_000,
  wav: 256_000,
};

/**
 * The byte rate a WAV header declares, only when its fields agree with one another and lie in
 * ranges real recordings use: a header is the client's claim, and a byte rate of 1 would make a
 * 64 KB file "18 hours" long. Undefined when the header cannot be trusted.
 */
function trustedWavByteRate(view: DataView): number | undefined {
  const tag = (offset: number) =>
    String.fromCharCode(...Array.from({ length: 4 }, (_, i) => view.getUint8(offset + i)));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE" || tag(12) !== "fmt ") return undefined;
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const byteRate = view.getUint32(28, true);
  const blockAlign = view.getUint16(32, true);
  const bits = view.getUint16(34, true);
  if (channels < 1 || channels > 32 || sampleRate < 8000 || sampleRate > 384_000 || ![8, 16, 24, 32, 64].includes(bits))
    return undefined;
  if (blockAlign !== (channels * bits) / 8 || byteRate !== sampleRate * blockAlign) return undefined;
  return byteRate;
}

/**
 * An audio file's duration from its bytes: exact for a WAV header whose fields agree (counting
 * only the audio the file really holds), else from a typical bitrate, with a note saying so.
 */
export function durationFromBytes(
  format: string,
  head: Uint8Array,
  size: number,
): { seconds: number; exact: boolean; note?: string } {
  if (format === "wav" && head.length >= 44) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const byteRate = trustedWavByteRate(view);
    if (byteRate) {
      // The data chunk may claim more than the file holds (a truncated or forged header).
      const declared =
        String.fromCharCode(...head.subarray(36, 40)) === "data" ? view.getUint32(40, true) : Number.POSITIVE_INFINITY;
      return { seconds: Math.min(declared, Math.max(0, size - 44)) / byteRate, exact: true };
    }
    return {
      seconds: (size * 8) / TYPICAL_BITS_PER_SECOND.wav!,
      exact: false,
      note: "The WAV header's fields disagree or are out of range, so the length is estimated from the file's size, not from the header.",
    };
  }
  return { seconds: (size * 8) / (TYPICAL_BITS_PER_SECOND[format] ?? 128_000), exact: false };
}
