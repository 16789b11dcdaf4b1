/**
 * Render progress: rasterising takes the first tenth of the bar, encoding the rest, measured
 * by ffmpeg's position in the video. The ETA comes from the encoding speed measured so far in
 * this job, so it is null until ffmpeg has reported a position.
 */
import type { RenderLine } from "../protocol.ts";

type ProgressLine = Extract<RenderLine, { type: "progress" }>;

const RASTER_SHARE = 10;

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Turns rasterising steps and encoder positions into progress lines. */
export class RenderProgress {
  readonly #durationSeconds: number;
  #encodeStartedAt: number | null = null;

  constructor(durationSeconds: number) {
    this.#durationSeconds = durationSeconds;
  }

  /** Scene `index` of `total` starts rasterising while `done` are finished (several run at once). */
  rasterising(index: number, done: number, total: number): ProgressLine {
    return {
      type: "progress",
      percent: round1((done / total) * RASTER_SHARE),
      currentOperation: `rasterising scene ${index + 1}/${total}`,
      etaSeconds: null,
    };
  }

  /** Marks the start of encoding; speed is measured from here. */
  startEncoding(): void {
    this.#encodeStartedAt = performance.now();
  }

  /** At video position `seconds` (summed over segments); `operation` names the step. */
  encoding(seconds: number, operation = "encoding"): ProgressLine {
    const duration = this.#durationSeconds;
    const position = Math.min(Math.max(seconds, 0), duration);
    const elapsed = this.#encodeStartedAt === null ? 0 : (performance.now() - this.#encodeStartedAt) / 1000;
    const speed = position > 0 && elapsed > 0 ? position / elapsed : null;
    const fraction = duration > 0 ? position / duration : 1;
    return {
      type: "progress",
      percent: round1(Math.min(99.9, RASTER_SHARE + fraction * (100 - RASTER_SHARE))),
      currentOperation: operation,
      etaSeconds: speed === null ? null : round1((duration - position) / speed),
    };
  }

  /** Everything is written; only publishing remains. */
  finished(): ProgressLine {
    return { type: "progress", percent: 100, currentOperation: "done", etaSeconds: 0 };
  }
}
