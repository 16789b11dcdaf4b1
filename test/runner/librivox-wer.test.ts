/**
 * Accuracy on real human speech: the five LibriVox utterances (Sense and Sensibility) shipped with
 * Debian's pocketsphinx-testdata, with their reference transcripts, through the runner's HTTP API.
 */
import { execFileSync } from "node:child_process";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusWordErrorRate, wordErrors } from "../../containers/media-runner/src/wer.ts";
import { librivoxUtterances } from "../../scripts/librivox.mjs";
import { expectCompletedTranscript } from "./assertions.ts";
import type { TestRunner } from "./helpers.ts";
import { startTestRunner, transcribeLines, transcriptOf } from "./helpers.ts";

/**
 * Measured when this suite was written: 26 errors over 71 reference words, WER 0.366 (per file
 * 0.21 to 0.75), in line with PocketSphinx's generic en-us language model on read speech
 * (0.3 to 0.6). PocketSphinx is deterministic, so the margin only absorbs other builds of the
 * engine or model; a broken resampling, header or chunk cut pushes WER towards 1.
 */
const MAX_OVERALL_WER = 0.45;

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

describe("word error rate on LibriVox recordings", () => {
  it(`stays below ${MAX_OVERALL_WER} overall`, async () => {
    const references = librivoxUtterances();
    expect(references).toHaveLength(5);
    const rows: Array<{ file: string; words: number; errors: number; wer: number; hypothesis: string }> = [];
    const pairs: Array<{ reference: string; hypothesis: string }> = [];
    for (const { id, file, reference } of references) {
      const lines = await transcribeLines(runner.url, file);
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
    // Never worse than the engine run directly with its defaults on the same file (issue 17).
    const direct = references.map(({ file, reference }) => {
      const heard = execFileSync("pocketsphinx_continuous", ["-infile", file, "-logfn", "/dev/null"], {
        encoding: "utf8",
      });
      return wordErrors(reference, heard.replace(/^\d+: /gm, " ")).errors;
    });
    expect(rows.map((row) => row.errors)).toEqual(rows.map((row, i) => Math.min(row.errors, direct[i]!)));
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
