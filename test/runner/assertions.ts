/** Checks every transcription test makes on a completed NDJSON reply. */
import { expect } from "vitest";
import type { Line } from "./helpers.ts";
import { linesOf, segmentsOf } from "./helpers.ts";

/** probe first, result last, chunks in order, progress within bounds, times monotonic and absolute. */
export function expectCompletedTranscript(lines: Line[]): void {
  expect(lines[0]?.type).toBe("probe");
  expect(lines.at(-1)?.type).toBe("result");
  expect(linesOf(lines, "error")).toEqual([]);
  const [probe] = linesOf(lines, "probe");
  const [result] = linesOf(lines, "result");
  expect(result?.chunkCount).toBe(probe?.chunkCount);
  expect(result?.durationSeconds).toBe(probe?.durationSeconds);

  const percents = linesOf(lines, "progress").map((line) => line.percent);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));

  let previousEnd = 0;
  for (const chunk of linesOf(lines, "chunk")) {
    expect(chunk.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = chunk.end;
    for (const segment of chunk.segments) {
      expect(segment.start).toBeGreaterThanOrEqual(chunk.start);
      expect(segment.end).toBeLessThanOrEqual(chunk.end + 0.05);
    }
  }
  let previousStart = -1;
  for (const segment of segmentsOf(lines)) {
    expect(segment.words.length).toBeGreaterThan(0);
    for (const word of segment.words) {
      expect(word.start).toBeGreaterThan(previousStart);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      expect(word.start).toBeGreaterThanOrEqual(segment.start);
      expect(word.end).toBeLessThanOrEqual(segment.end);
      previousStart = word.start;
    }
  }
}
