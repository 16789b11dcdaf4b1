/**
 * The jobs running on this runner: admission (capacity, duplicates, shutdown), cancellation and
 * draining. Each job owns one AbortController; every child process of the job listens to it.
 */
import { RunnerFailure } from "./errors.ts";

export interface Job {
  readonly id: string;
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** False while the upload is received and checked; true once the NDJSON stream has begun. */
  streaming: boolean;
  /** Set on shutdown: finish the chunk in progress (so its checkpoint is complete), then stop. */
  stopAfterCurrentChunk: boolean;
}

/** Tracks running jobs and decides whether a new one may start. */
export class JobRegistry {
  readonly #jobs = new Map<string, Job>();
  readonly #idleWaiters = new Set<() => void>();
  #shuttingDown = false;

  readonly maxConcurrentJobs: number;

  // A plain field, not a parameter property: type stripping (node --experimental-strip-types) cannot run those.
  constructor(maxConcurrentJobs: number) {
    this.maxConcurrentJobs = maxConcurrentJobs;
  }

  get ids(): string[] {
    return [...this.#jobs.keys()];
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Admits a job or throws busy (retryable: another runner, or this one later, can take it). */
  start(id: string): Job {
    if (this.#shuttingDown)
      throw new RunnerFailure("busy", "the runner is shutting down", { retryable: true, status: 503 });
    if (this.#jobs.has(id))
      throw new RunnerFailure("busy", `job ${id} is already running here`, { retryable: true, status: 409 });
    if (this.#jobs.size >= this.maxConcurrentJobs) {
      throw new RunnerFailure("busy", `the runner is at capacity (${this.maxConcurrentJobs} jobs)`, {
        retryable: true,
        status: 503,
      });
    }
    const controller = new AbortController();
    const job: Job = { id, controller, signal: controller.signal, streaming: false, stopAfterCurrentChunk: false };
    this.#jobs.set(id, job);
    return job;
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  /** Forgets a finished job (whatever its outcome) and wakes anyone waiting for the runner to drain. */
  finish(job: Job): void {
    if (this.#jobs.get(job.id) !== job) return;
    this.#jobs.delete(job.id);
    if (this.#jobs.size === 0) for (const wake of this.#idleWaiters) wake();
  }

  /** Cancels a job: its processes are killed and its stream ends with `canceled`. False if unknown. */
  cancel(id: string): boolean {
    const job = this.#jobs.get(id);
    if (!job) return false;
    job.controller.abort(new RunnerFailure("canceled", "the job was canceled", { retryable: false, status: 409 }));
    return true;
  }

  /**
   * Stops admitting jobs. Jobs still receiving or checking their upload are aborted (nothing was
   * streamed, the caller simply retries elsewhere); streaming jobs finish their current chunk.
   */
  beginShutdown(): void {
    this.#shuttingDown = true;
    for (const job of this.#jobs.values()) {
      job.stopAfterCurrentChunk = true;
      if (!job.streaming) job.controller.abort(shutdownFailure());
    }
  }

  /** Kills whatever is still running (the shutdown grace period is over). */
  abortAll(): void {
    for (const job of this.#jobs.values()) job.controller.abort(shutdownFailure());
  }

  /** Resolves when no job is running. */
  whenIdle(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.#idleWaiters.delete(wake);
        resolve();
      };
      this.#idleWaiters.add(wake);
    });
  }
}

/** What a job interrupted by shutdown reports: retryable, it resumes from its last stored chunk. */
export function shutdownFailure(): RunnerFailure {
  return new RunnerFailure("busy", "the runner is shutting down; resume from the last stored chunk", {
    retryable: true,
    status: 503,
  });
}
