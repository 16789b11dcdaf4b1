/**
 * Coalesces a job's progress events to at most `perSecond`: while one waits for its slot, newer
 * ones replace it, so clients get the latest progress, in order, without a flood.
 */
import type { HubEvent } from "./protocol";

type Progress = Extract<HubEvent, { type: "job:progress" }>;

export class ProgressGate {
  private readonly lastAt = new Map<string, number>();
  private readonly pending = new Map<string, Progress>();

  /** `emit` receives a held-back event once its slot comes. */
  constructor(
    private readonly perSecond: number,
    private readonly emit: (event: Progress) => void,
  ) {}

  /** True when `event` may go out now; otherwise it is held (or replaces the one held). */
  admit(event: Progress): boolean {
    if (this.pending.has(event.jobId)) {
      this.pending.set(event.jobId, event);
      return false;
    }
    const wait = 1000 / this.perSecond - (Date.now() - (this.lastAt.get(event.jobId) ?? 0));
    if (wait > 0) {
      this.pending.set(event.jobId, event);
      setTimeout(() => this.flush(event.jobId), wait);
      return false;
    }
    this.lastAt.set(event.jobId, Date.now());
    return true;
  }

  /** Before a job's end: its last held progress goes out first, and nothing of it lingers. */
  settle(jobId: string): void {
    this.flush(jobId);
    this.lastAt.delete(jobId);
  }

  private flush(jobId: string): void {
    const event = this.pending.get(jobId);
    if (!event) return;
    this.pending.delete(jobId);
    this.lastAt.set(jobId, Date.now());
    this.emit(event);
  }
}
