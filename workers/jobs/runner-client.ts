/**
 * Talks to media runners. A runner is anything with a `fetch`: a local process from RUNNER_URLS,
 * or in production a Container instance, so this code is tested against real runner processes
 * without Docker. Every line the runner sends is parsed with the protocol's zod schemas.
 */
import { getContainer } from "@cloudflare/containers";
import {
  JOB_ID_HEADER,
  OPTIONS_HEADER,
  RunnerError,
  TranscribeLine,
  type TranscribeOptions,
} from "../../containers/media-runner/src/protocol";
import { readNdjson } from "./ndjson";

export interface RunnerEndpoint {
  name: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
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

/** A failure worth retrying, preferably on another runner. */
export class TransientRunnerError extends Error {
  constructor(
    readonly runner: string,
    message: string,
  ) {
    super(message);
  }
}

/** The runners this deployment uses: RUNNER_URLS locally, the container pool in production. */
export function runnerEndpoints(env: Pick<Env, "RUNNER_URLS" | "MEDIA_RUNNER">, jobId: string): RunnerEndpoint[] {
  const urls = env.RUNNER_URLS.split(",").map((u) => u.trim()).filter(Boolean);
  if (urls.length > 0) {
    return urls.map((base) => ({ name: base, fetch: (path, init) => fetch(base.replace(/\/$/, "") + path, init) }));
  }
  // The job id names the container instance, so follow-up requests reach the same one.
  const container = getContainer(env.MEDIA_RUNNER, jobId);
  return [{ name: `container:${jobId}`, fetch: (path, init) => container.fetch(new Request(`http://runner${path}`, init)) }];
}

/** Orders runners so that attempt N starts at a different one than attempt N-1. */
export function rotate<T>(items: T[], attempt: number): T[] {
  if (items.length === 0) return items;
  const start = ((attempt % items.length) + items.length) % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Starts a transcription on one runner and yields its protocol lines. */
export async function* transcribeOn(
  runner: RunnerEndpoint,
  jobId: string,
  audio: ReadableStream<Uint8Array>,
  options: Partial<TranscribeOptions>,
): AsyncGenerator<TranscribeLine> {
  let response: Response;
  try {
    response = await runner.fetch("/transcribe", {
      method: "POST",
      headers: { [JOB_ID_HEADER]: jobId, [OPTIONS_HEADER]: JSON.stringify(options), "Content-Type": "application/octet-stream" },
      body: audio,
    });
  } catch (error) {
    throw new TransientRunnerError(runner.name, `runner unreachable: ${String(error)}`);
  }
  if (response.status !== 200 || !response.body) {
    const error = RunnerError.safeParse(await response.json().catch(() => null));
    if (error.success && !error.data.retryable) throw new PermanentRunnerError(error.data.code, error.data.message);
    throw new TransientRunnerError(runner.name, error.success ? `${error.data.code}: ${error.data.message}` : `runner answered ${response.status}`);
  }
  try {
    for await (const value of readNdjson(response.body)) {
      const line = TranscribeLine.safeParse(value);
      if (!line.success) throw new TransientRunnerError(runner.name, "runner sent a line outside the protocol");
      if (line.data.type === "error") {
        if (line.data.retryable) throw new TransientRunnerError(runner.name, `${line.data.code}: ${line.data.message}`);
        throw new PermanentRunnerError(line.data.code, line.data.message);
      }
      yield line.data;
    }
  } catch (error) {
    if (error instanceof PermanentRunnerError || error instanceof TransientRunnerError) throw error;
    throw new TransientRunnerError(runner.name, `stream broke: ${String(error)}`);
  }
}
