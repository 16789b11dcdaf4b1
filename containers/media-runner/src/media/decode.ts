/**
 * Decodes one chunk of the source to the 16 kHz mono 16-bit WAV the engines expect. Seeking with
 * -ss/-t on the source means only this chunk is ever decoded into memory or onto disk.
 */

import { RunnerFailure } from "../errors.ts";
import { describeFailure, runProcess } from "../process.ts";
import type { Chunk } from "./chunking.ts";

/** Writes chunk `chunk` of `sourcePath` to `wavPath`; the last chunk runs to the end of the file. */
export async function decodeChunk(
  sourcePath: string,
  chunk: Chunk,
  isLast: boolean,
  wavPath: string,
  signal?: AbortSignal,
): Promise<void> {
  const range = ["-ss", chunk.start.toFixed(3), ...(isLast ? [] : ["-t", (chunk.end - chunk.start).toFixed(3)])];
  const args = [
    "-nostdin",
    "-v",
    "error",
    "-y",
    ...range,
    "-i",
    sourcePath,
    "-vn",
    "-map",
    "0:a:0",
    "-ac",
    "1",
    "-ar",
    "16000",
    "-c:a",
    "pcm_s16le",
    // No metadata and a bit-exact muxer: a plain 44-byte WAV header, which pocketsphinx's
    // -infile reader assumes (a LIST chunk would otherwise be decoded as a click of noise).
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:a",
    "+bitexact",
    "-f",
    "wav",
    wavPath,
  ];
  const result = await runProcess("ffmpeg", args, { signal });
  if (result.exitCode !== 0) {
    throw new RunnerFailure(
      "engine_failed",
      `decoding chunk ${chunk.index} failed: ${describeFailure("ffmpeg", result)}`,
      { retryable: true },
    );
  }
}
