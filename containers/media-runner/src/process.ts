/**
 * Child processes for ffmpeg, ffprobe and the speech engines. Every child is tied to the job's
 * AbortSignal, so cancelling a job (or shutting down) kills exactly that job's processes.
 * Output is consumed line by line and only a bounded tail of stderr is kept, so a chatty
 * multi-hour decode never accumulates in memory.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { RunnerFailure } from "./errors.ts";

export interface RunOptions {
  signal?: AbortSignal;
  /** Called for every stdout line; when given, stdout is not collected. */
  onStdoutLine?: (line: string) => void;
  /** Called for every stderr line; the last few KB are kept for error messages regardless. */
  onStderrLine?: (line: string) => void;
  cwd?: string;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
}

const STDERR_TAIL_CHARS = 4000;
/** Collected stdout is for small outputs (ffprobe JSON, version banners); refuse runaway output. */
const MAX_COLLECTED_STDOUT_CHARS = 4_000_000;

/** Runs a command to completion; rejects with the signal's reason when the job is aborted. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    // SIGKILL because a decoder stuck in a long computation may not react to SIGTERM promptly,
    // and a cancelled job must not keep burning a core.
    const child = spawn(command, args, {
      signal,
      killSignal: "SIGKILL",
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderrTail = "";
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (options.onStdoutLine) return options.onStdoutLine(line);
      if (stdout.length < MAX_COLLECTED_STDOUT_CHARS) stdout += `${line}\n`;
    });
    createInterface({ input: child.stderr }).on("line", (line) => {
      options.onStderrLine?.(line);
      stderrTail = `${stderrTail + line}\n`.slice(-STDERR_TAIL_CHARS);
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (signal?.aborted) return reject(abortReason(signal));
      if (error.code === "ENOENT") {
        return reject(new RunnerFailure("engine_unavailable", `${command} is not installed`, { status: 501 }));
      }
      reject(new RunnerFailure("engine_failed", `${command} failed to start: ${error.message}`, { retryable: true }));
    });
    // "close" (not "exit") so every stdout line has been delivered before we resolve.
    child.on("close", (exitCode, exitSignal) => {
      if (signal?.aborted) return reject(abortReason(signal));
      resolve({ exitCode, signal: exitSignal, stdout, stderrTail });
    });
  });
}

/** The reason a job was aborted, as a RunnerFailure (cancel, shutdown, client gone). */
export function abortReason(signal: AbortSignal): RunnerFailure {
  const reason: unknown = signal.reason;
  if (reason instanceof RunnerFailure) return reason;
  return new RunnerFailure("canceled", "the job was canceled", { status: 409 });
}

/** Describes a failed run for logs and error lines: exit status plus the end of stderr. */
export function describeFailure(command: string, result: RunResult): string {
  const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
  const detail = result.stderrTail.trim().split("\n").slice(-3).join(" | ");
  return `${command} failed (${status})${detail ? `: ${detail}` : ""}`;
}
