/**
 * A failure the runner reports on the wire: before streaming as a JSON RunnerError with an HTTP
 * status, during streaming as an `error` line. One class so every layer throws the same thing.
 */
import type { RunnerError } from "./protocol.ts";

export type RunnerErrorCode = RunnerError["code"];

/** A runner failure with its wire code, retryability and the HTTP status used before streaming. */
export class RunnerFailure extends Error {
  readonly code: RunnerErrorCode;
  readonly retryable: boolean;
  readonly status: number;

  constructor(code: RunnerErrorCode, message: string, options: { retryable?: boolean; status?: number } = {}) {
    super(message);
    this.name = "RunnerFailure";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status ?? 500;
  }

  /** The wire form, identical for a 4xx body and an `error` line. */
  toWire(): RunnerError {
    return { type: "error", code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Input problems: the recording itself is at fault, so no other runner would do better. */
export function inputFailure(code: RunnerErrorCode, message: string): RunnerFailure {
  return new RunnerFailure(code, message, { retryable: false, status: 422 });
}

/** Turns anything thrown into a RunnerFailure; unknown errors count as retryable engine faults. */
export function toRunnerFailure(error: unknown): RunnerFailure {
  if (error instanceof RunnerFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RunnerFailure("engine_failed", message, { retryable: true, status: 500 });
}
