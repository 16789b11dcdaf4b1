/** Parsing pocketsphinx_continuous `-time yes` output into segments. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePocketsphinxOutput } from "../../containers/media-runner/src/engines/pocketsphinx.ts";
import { Segment } from "../../containers/media-runner/src/protocol.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("parsePocketsphinxOutput", () => {
  it("reads real output: fillers dropped, (n) pronunciation suffixes stripped", () => {
    // Captured from pocketsphinx_continuous on librivox utterance 0880 ("he was not an ill disposed young man").
    const segments = parsePocketsphinxOutput(fixture("pocketsphinx-librivox-0880.txt"), 0);
    expect(segments).toHaveLength(1);
    const [segment] = segments;
    expect(segment?.text).toBe("he was not an illness those young man");
    expect(segment?.words.map((word) => word.word)).not.toContain("[SPEECH]");
    expect(segment?.words[1]).toEqual({ word: "was", start: 0.33, end: 0.54, confidence: 1 });
    expect(segment?.start).toBe(0.21);
    expect(segment?.end).toBe(2.79);
    expect(() => Segment.parse(segment)).not.toThrow();
  });

  it("makes one segment per utterance, splits on pauses over 0.7 s, and adds the chunk offset", () => {
    const segments = parsePocketsphinxOutput(fixture("pocketsphinx-two-utterances.txt"), 30);
    expect(segments.map((segment) => segment.text)).toEqual(["hello world", "this is", "a test"]);
    expect(segments.map((segment) => [segment.start, segment.end])).toEqual([
      [30.06, 31],
      [32.1, 32.4],
      [34.11, 34.7],
    ]);
    // Mean word confidence: (0.9 + 0.8) / 2, (0.7 + 0.6) / 2, (0.5 + 0.3) / 2
    expect(segments.map((segment) => segment.confidence)).toEqual([0.85, 0.65, 0.4]);
    expect(segments[1]?.words[1]).toEqual({ word: "is", start: 32.31, end: 32.4, confidence: 0.6 });
  });

  it("returns no segments for silence (an utterance with only fillers, or no output at all)", () => {
    expect(parsePocketsphinxOutput("", 0)).toEqual([]);
    expect(
      parsePocketsphinxOutput("\n<s> 0.000 0.500 1.000000\n<sil> 0.510 2.000 0.9\n</s> 2.010 2.500 1.000000\n", 0),
    ).toEqual([]);
  });
});
