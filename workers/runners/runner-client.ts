/**
 * Talks to media runners. A runner is anything with a `fetch`: a local process from RUNNER_URLS,
 * or in production a Container instance, so this code is tested against real runner processes
 * without Docker. Every line the runner sends is parsed with the protocol's zod schemas.
 */
import { getContainer } from "@cloudflare/containers";
import type { z } from "zod";
import {
  JOB_ID_HEADER,
  OPTIONS_HEADER,
  optionsHeader,
  RunnerError,
  TranscribeLine,
  type TranscribeOptions,
} from "../../containers/media-runner/src/protocol";
import { readNdjson } from "./ndjson";

export interface RunnerEndpoint {
  name: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Told when an attempt on this runner failed transiently, so the pool can check it (workers/runners). */
  reportFailure?(error: TransientRunnerError): Promise<void>;
}

/** A failure another attempt may not have: the runner judged the input itself. */
export class PermanentRunnerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A failure worth retrying, preferably on another runner; `code` is the runner's own, when it reported one. */
export class TransientRunnerError extends Error {
  constructor(
    readonly runner: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The runners this deployment uses: RUNNER_URLS locally, the container pool in production. */
export function runnerEndpoints(env: Pick<Env, "RUNNER_URLS" | "MEDIA_RUNNER">, jobId: string): RunnerEndpoint[] {
  const urls = env.RUNNER_URLS.split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length > 0) {
    return urls.map((base) => ({ name: base, fetch: (path, init) => fetch(base.replace(/\/$/, "") + path, init) }));
  }
  // The job id names the container instance, so follow-up requests reach the same one.
  const container = getContainer(env.MEDIA_RUNNER, jobId);
  return [
    { name: `container:${jobId}`, fetch: (path, init) => container.fetch(new Request(`http://runner${path}`, init)) },
  ];
}

/**
 * Sends a request to one runner and yields the lines of its NDJSON answer, parsed with `schema`.
 * A refusal or an error line becomes a PermanentRunnerError (the input is at fault) or a
 * TransientRunnerError (try again, preferably elsewhere), as the runner's `retryable` says.
 */
export async function* runnerLines<Line extends { type: string }>(
  runner: RunnerEndpoint,
  path: string,
  init: RequestInit,
  schema: z.ZodType<Line>,
): AsyncGenerator<Exclude<Line, { type: "error" }>> {
  let response: Response;
  try {
    response = await runner.fetch(path, init);
  } catch (error) {
    throw new TransientRunnerError(runner.name, `runner unreachable: ${String(error)}`);
  }
  if (response.status !== 200 || !response.body) {
    const refusal = RunnerError.safeParse(await response.json().catch(() => null));
    if (refusal.success && !refusal.data.retryable)
      throw new PermanentRunnerError(refusal.data.code, refusal.data.message);
    throw new TransientRunnerError(
      runner.name,
      refusal.success ? `${refusal.data.code}: ${refusal.data.message}` : `runner answered ${response.status}`,
      refusal.success ? refusal.data.code : undefined,
    );
  }
  try {
    for await (const value of readNdjson(response.body)) {
      const line = schema.safeParse(value);
      if (!line.success) throw new TransientRunnerError(runner.name, "runner sent a line outside the protocol");
      const error = RunnerError.safeParse(line.data);
      if (error.success) {
        if (error.data.retryable)
          throw new TransientRunnerError(runner.name, `${error.data.code}: ${error.data.message}`, error.data.code);
        throw new PermanentRunnerError(error.data.code, error.data.message);
      }
      yield line.data as Exclude<Line, { type: "error" }>;
    }
  } catch (error) {
    if (error instanceof PermanentRunnerError || error instanceof TransientRunnerError) throw error;
    throw new TransientRunnerError(runner.name, `stream broke: ${String(error)}`);
  }
}

/**
 * Runs `attempt` on each runner in the given order (workers/runners ranks them least busy first)
 * until one succeeds; a transient failure is reported to the pool and moves on to the next
 * runner, anything else is thrown at once.
 */
export async function onFirstRunner<T>(
  runners: RunnerEndpoint[],
  attempt: (runner: RunnerEndpoint) => Promise<T>,
): Promise<T> {
  let lastError: TransientRunnerError | undefined;
  for (const runner of runners) {
    try {
      return await attempt(runner);
    } catch (error) {
      if (!(error instanceof TransientRunnerError)) throw error;
      lastError = error;
      await runner.reportFailure?.(error).catch(() => undefined);
    }
  }
  throw lastError ?? new TransientRunnerError("none", "no media runner is configured");
}

/** Starts a transcription on one runner and yields its protocol lines. */
export function transcribeOn(
  runner: RunnerEndpoint,
  jobId: string,
  audio: ReadableStream<Uint8Array>,
  options: Partial<TranscribeOptions>,
) {
  const headers = {
    [JOB_ID_HEADER]: jobId,
    [OPTIONS_HEADER]: optionsHeader(options),
    "Content-Type": "application/octet-stream",
  };
  return runnerLines(runner, "/transcribe", { method: "POST", headers, body: audio }, TranscribeLine);
}
