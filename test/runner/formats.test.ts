/**
 * Every supported container through the HTTP API, with real ffmpeg and real PocketSphinx on
 * speech made by espeak-ng. PocketSphinx hears espeak's Klatt voice imperfectly, so the checks
 * are a WER bound and a handful of words it reliably gets right, not the exact text.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wordErrorRate } from "../../containers/media-runner/src/wer.ts";
import { expectCompletedTranscript } from "./assertions.ts";
import type { TestRunner } from "./helpers.ts";
import {
  convert,
  linesOf,
  scratchDir,
  segmentsOf,
  speak,
  startTestRunner,
  transcribeLines,
  transcriptOf,
} from "./helpers.ts";

const SPEECH =
  "I would like a cup of coffee with milk. This is a test of the speech recognition system. The children are playing in the garden.";
/** Recognised in every format when this suite was written (WER 0.04 to 0.20 across the six). */
const RELIABLE_WORDS = ["coffee", "milk", "test", "recognition", "system", "children", "garden"];
/** Measured worst case 0.20 (WAV/FLAC); above 0.35 decoding, resampling or chunking broke. */
const MAX_WER = 0.35;

// Encoder settings a phone or browser would plausibly use; 64 kb/s+ because ffmpeg's default
// MP3 bitrate for 22 kHz mono (32 kb/s) garbles speech for any engine.
const FORMATS: Array<{ ext: string; wireFormat: string; codec: string[] }> = [
  { ext: "mp3", wireFormat: "mp3", codec: ["-c:a", "libmp3lame", "-b:a", "96k"] },
  { ext: "wav", wireFormat: "wav", codec: [] },
  { ext: "ogg", wireFormat: "ogg", codec: ["-c:a", "libopus", "-b:a", "48k"] },
  { ext: "m4a", wireFormat: "m4a", codec: ["-c:a", "aac", "-b:a", "96k"] },
  { ext: "flac", wireFormat: "flac", codec: [] },
  { ext: "webm", wireFormat: "webm", codec: ["-c:a", "libopus", "-b:a", "48k"] },
];

let runner: TestRunner;
let source: string;
let dir: string;

beforeAll(async () => {
  // Room for all six formats at once: this suite checks decoding, not admission control.
  runner = await startTestRunner({ maxConcurrentJobs: FORMATS.length });
  dir = await scratchDir();
  source = await speak(SPEECH, join(dir, "speech-source.wav"));
});
afterAll(() => runner.close());

describe.concurrent("transcribing each supported format", () => {
  it.each(FORMATS)("$ext", async ({ ext, wireFormat, codec }) => {
    const file = await convert(source, join(dir, `speech.${ext}`), codec);
    const lines = await transcribeLines(runner.url, file, { options: { language: "en" } });
    expectCompletedTranscript(lines);

    const [probe] = linesOf(lines, "probe");
    expect(probe?.format).toBe(wireFormat);
    expect(probe?.durationSeconds).toBeGreaterThan(7);
    const [result] = linesOf(lines, "result");
    expect(result).toMatchObject({ engine: "pocketsphinx", language: "en", chunkCount: 1 });
    expect(result?.engineVersion).toMatch(/pocketsphinx/);

    const words = segmentsOf(lines).flatMap((segment) => segment.words.map((word) => word.word));
    expect(words.length).toBeGreaterThan(10);
    const hypothesis = transcriptOf(lines);
    const wer = wordErrorRate(SPEECH, hypothesis);
    console.log(`${ext.padEnd(5)} WER ${wer.toFixed(2)}  "${hypothesis}"`);
    expect(wer).toBeLessThan(MAX_WER);
    expect(words).toEqual(expect.arrayContaining(RELIABLE_WORDS));
  });
});
