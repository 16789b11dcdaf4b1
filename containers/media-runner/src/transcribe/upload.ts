/**
 * Streams the request body to a file. The body is never held in memory: chunks flow from the
 * socket to the disk with backpressure, and an oversized upload is cut off as soon as it passes
 * the limit.
 */
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { RunnerFailure } from "../errors.ts";
import { abortReason } from "../process.ts";

function tooLarge(maxBytes: number): RunnerFailure {
  return new RunnerFailure("bad_request", `the upload exceeds ${maxBytes} bytes`, { status: 413 });
}

/** Writes `body` to `path`; returns the number of bytes written. */
export async function saveUpload(
  body: ReadableStream<Uint8Array> | null,
  path: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<number> {
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  // The DOM and node:stream/web ReadableStream types describe the same object at runtime.
  const source = body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]);
  try {
    await pipeline(source, limit, createWriteStream(path), { signal });
  } catch (error) {
    if (error instanceof RunnerFailure) throw error;
    if (signal.aborted) throw abortReason(signal);
    throw new RunnerFailure(
      "bad_request",
      `the upload was interrupted: ${error instanceof Error ? error.message : String(error)}`,
      { status: 400 },
    );
  }
  return received;
}
