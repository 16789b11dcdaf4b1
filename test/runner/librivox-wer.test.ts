/**
 * Accuracy on real human speech: the five LibriVox utterances (Sense and Sensibility) shipped with
 * Debian's pocketsphinx-testdata, with their reference transcripts, through the runner's HTTP API.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusWordErrorRate, wordErrors } from "../../containers/media-runner/src/wer.ts";
import { expectCompletedTranscript } from "./assertions.ts";
import type { TestRunner } from "./helpers.ts";
import { startTestRunner, transcribeLines, transcriptOf } from "./helpers.ts";

const DATA = "/usr/share/pocketsphinx/test/data/librivox";
/**
 * Measured when this suite was written: 26 errors over 71 reference words, WER 0.366 (per file
 * 0.21 to 0.75), in line with PocketSphinx's generic en-us language model on read speech
 * (0.3 to 0.6). PocketSphinx is deterministic, so the margin only absorbs other builds of the
 * engine or model; a broken resampling, header or chunk cut pushes WER towards 1.
 */
const MAX_OVERALL_WER = 0.45;

/** `<s> words </s> (utterance-id)` per line → reference text by file. */
function readReferences(): Array<{ id: string; reference: string }> {
  return readFileSync(`${DATA}/transcription`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /^(.*)\((\S+)\)\s*$/.exec(line);
      if (!match?.[1] || !match[2]) throw new Error(`unexpected transcription line: ${line}`);
      return { id: match[2], reference: match[1].replace(/<\/?s>/g, "").trim() };
    });
}

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

describe("word error rate on LibriVox recordings", () => {
  it(`stays below ${MAX_OVERALL_WER} overall`, async () => {
    const references = readReferences();
    expect(references).toHaveLength(5);
    const rows: Array<{ file: string; words: number; errors: number; wer: number; hypothesis: string }> = [];
    const pairs: Array<{ reference: string; hypothesis: string }> = [];
    for (const { id, reference } of references) {
      const lines = await transcribeLines(runner.url, `${DATA}/${id}.wav`);
      expectCompletedTranscript(lines);
      const hypothesis = transcriptOf(lines);
      const counts = wordErrors(reference, hypothesis);
      pairs.push({ reference, hypothesis });
      rows.push({
        file: basename(id),
        words: counts.referenceWords,
        errors: counts.errors,
        wer: counts.errors / counts.referenceWords,
        hypothesis,
      });
    }
    const overall = corpusWordErrorRate(pairs);
    const table = [
      `${"file".padEnd(42)} ${"words".padStart(5)} ${"errors".padStart(6)} ${"WER".padStart(6)}  hypothesis`,
      ...rows.map(
        (row) =>
          `${row.file.padEnd(42)} ${String(row.words).padStart(5)} ${String(row.errors).padStart(6)} ${row.wer.toFixed(3).padStart(6)}  ${row.hypothesis}`,
      ),
      `${"overall".padEnd(42)} ${String(rows.reduce((n, r) => n + r.words, 0)).padStart(5)} ${String(rows.reduce((n, r) => n + r.errors, 0)).padStart(6)} ${overall.toFixed(3).padStart(6)}`,
    ];
    console.log(`PocketSphinx WER on LibriVox (pocketsphinx-testdata)\n${table.join("\n")}`);
    expect(overall).toBeLessThan(MAX_OVERALL_WER);
  });
});
