/**
 * Streams a POST /render body (multipart/form-data) to disk, part by part, with backpressure:
 * nothing but the manifest is ever held in memory, and the whole body, each SVG and the manifest
 * are capped while they arrive.
 *
 * The manifest comes first: it names the job, so the job is admitted (or refused as busy)
 * before the scenes and the audio are read, and its parts land in that job's directory.
 */

import { createWriteStream } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Readable as NodeReadable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { RunnerFailure } from "../errors.ts";

const SCENE_PART = /^scene-\d{1,5}\.svg$/;
const MAX_MANIFEST_BYTES = 16 * 1024 ** 2;
const MAX_SVG_BYTES = 16 * 1024 ** 2;
const MAX_PARTS = 1 + 2000 + 1;

export interface UploadDestination {
  dir: string;
  /** The admitted job's signal: cancelling the job stops the upload. */
  signal: AbortSignal;
}

export interface ReceivedParts {
  /** Scene SVG files by part name. */
  scenes: Map<string, string>;
  audio: string | null;
}

function badRequest(message: string, status = 400): RunnerFailure {
  return new RunnerFailure("bad_request", message, { status });
}

/** A pass-through that fails once more than `maxBytes` have gone through it. */
function byteLimit(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > maxBytes ? badRequest(`${what} exceeds ${maxBytes} bytes`, 413) : null, chunk);
    },
  });
}

async function readText(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  // biome-ignore lint/correctness/useYield: the last stage of the pipeline is a sink that only collects
  await pipeline(stream, byteLimit(maxBytes, "the manifest"), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Receives the parts. `admit` gets the manifest's text and returns where the other parts go;
 * whatever it throws (bad manifest, busy) ends the upload with that failure.
 */
export async function receiveRenderParts(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  maxBytes: number,
  requestSignal: AbortSignal,
  admit: (manifestText: string) => Promise<UploadDestination>,
): Promise<ReceivedParts> {
  if (!body || !contentType?.toLowerCase().startsWith("multipart/form-data"))
    throw badRequest("POST /render takes multipart/form-data");
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize: MAX_MANIFEST_BYTES, parts: MAX_PARTS, headerPairs: 100 },
    });
  } catch (error) {
    throw badRequest(`malformed multipart request: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stop = new AbortController();
  let failure: unknown;
  let destination: UploadDestination | undefined;
  const received: ReceivedParts = { scenes: new Map(), audio: null };
  let queue = Promise.resolve();

  // Parts are handled one after another; a part not yet handled is not read, so busboy (and the
  // socket behind it) waits instead of buffering.
  const enqueue = (handle: () => Promise<void>, drain?: Readable) => {
    queue = queue.then(async () => {
      if (failure !== undefined) return void drain?.resume();
      try {
        await handle();
      } catch (error) {
        failure = error;
        drain?.resume();
        stop.abort();
      }
    });
  };
  const acceptManifest = async (text: string) => {
    if (destination) throw badRequest("more than one manifest part");
    destination = await admit(text);
    destination.signal.addEventListener("abort", () => stop.abort(), { once: true });
  };

  parser.on("field", (name, value, info) => {
    enqueue(async () => {
      if (name !== "manifest") throw badRequest(`unexpected form field ${JSON.stringify(name)}`);
      if (info.valueTruncated) throw badRequest(`the manifest exceeds ${MAX_MANIFEST_BYTES} bytes`, 413);
      await acceptManifest(value);
    });
  });
  parser.on("file", (name, stream) => {
    enqueue(async () => {
      if (name === "manifest") return acceptManifest(await readText(stream, MAX_MANIFEST_BYTES));
      if (!destination) throw badRequest("the manifest part must come before the scenes and the audio");
      const isScene = SCENE_PART.test(name);
      if (!isScene && name !== "audio") throw badRequest(`unexpected part ${JSON.stringify(name)}`);
      if (received.scenes.has(name) || (name === "audio" && received.audio))
        throw badRequest(`part ${name} was sent twice`);
      const path = join(destination.dir, isScene ? name : "audio");
      const steps = isScene ? [byteLimit(MAX_SVG_BYTES, name)] : [];
      await pipeline([stream, ...steps, createWriteStream(path)], { signal: destination.signal });
      if (isScene) received.scenes.set(name, path);
      else received.audio = path;
    }, stream);
  });
  parser.on("partsLimit", () => enqueue(() => Promise.reject(badRequest(`more than ${MAX_PARTS} parts`))));

  const source = NodeReadable.fromWeb(body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(source, byteLimit(maxBytes, "the upload"), parser, {
      signal: AbortSignal.any([stop.signal, requestSignal]),
    });
  } catch (error) {
    failure ??=
      error instanceof RunnerFailure
        ? error
        : badRequest(`the upload was interrupted: ${error instanceof Error ? error.message : String(error)}`);
  }
  await queue;
  if (failure !== undefined) throw failure;
  if (!destination) throw badRequest("the manifest part is missing");
  return received;
}
