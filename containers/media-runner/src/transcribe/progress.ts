/**
 * Progress across the whole file and an ETA from the speed measured so far in this job. Before
 * the first chunk is done there is no measurement, so the ETA is null rather than a guess.
 */
import type { TranscribeLine } from "../protocol.ts";

type ProgressLine = Extract<TranscribeLine, { type: "progress" }>;

/** Measures audio seconds processed per wall-clock second and turns it into progress lines. */
export class ProgressMeter {
  readonly #durationSeconds: number;
  #audioSecondsDone = 0;
  #busyMs = 0;

  constructor(durationSeconds: number) {
    this.#durationSeconds = durationSeconds;
  }

  /** Records that `audioSeconds` of audio took `elapsedMs` to decode and transcribe. */
  record(audioSeconds: number, elapsedMs: number): void {
    this.#audioSecondsDone += audioSeconds;
    this.#busyMs += elapsedMs;
  }

  /** Audio seconds per wall-clock second, or null before the first measurement. */
  get speed(): number | null {
    return this.#busyMs > 0 && this.#audioSecondsDone > 0 ? this.#audioSecondsDone / (this.#busyMs / 1000) : null;
  }

  /**
   * A progress line at audio position `position`; `inChunkMs` (time spent on the current chunk)
   * advances the estimate between chunk lines, never past `chunkEnd`.
   */
  line(currentOperation: string, position: number, chunkEnd: number, inChunkMs = 0): ProgressLine {
    const speed = this.speed;
    const estimated =
      speed === null
        ? position
        : Math.min(position + (speed * inChunkMs) / 1000, position + (chunkEnd - position) * 0.95);
    const duration = this.#durationSeconds;
    const percent = duration > 0 ? Math.min(100, Math.max(0, (estimated / duration) * 100)) : 100;
    const etaSeconds = speed === null ? null : Math.max(0, (duration - estimated) / speed);
    return {
      type: "progress",
      percent: Math.round(percent * 10) / 10,
      currentOperation,
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    };
  }
}
