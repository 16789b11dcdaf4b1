/** The chunk plan is a pure function of duration and silences: cut near 30 s at silence midpoints. */
import { describe, expect, it } from "vitest";
import type { Chunk } from "../../containers/media-runner/src/media/chunking.ts";
import { planChunks } from "../../containers/media-runner/src/media/chunking.ts";

function boundaries(chunks: Chunk[]): number[][] {
  return chunks.map((chunk) => [chunk.start, chunk.end]);
}

describe("planChunks", () => {
  it("keeps a short recording whole", () => {
    expect(planChunks(20, [])).toEqual([{ index: 0, start: 0, end: 20 }]);
  });

  it("cuts hard at 45 s when there is no silence", () => {
    expect(boundaries(planChunks(100, []))).toEqual([
      [0, 45],
      [45, 90],
      [90, 100],
    ]);
  });

  it("cuts at the middle of the silence nearest to each 30 s target", () => {
    const silences = [
      { start: 27.5, end: 28.5 }, // midpoint 28, 2 s from the target
      { start: 30.8, end: 31.2 }, // midpoint 31, 1 s from the target: chosen
      { start: 61.5, end: 62.5 }, // midpoint 62, 1 s from the next target (31 + 30)
    ];
    expect(boundaries(planChunks(100, silences))).toEqual([
      [0, 31],
      [31, 62],
      [62, 100],
    ]);
  });

  it("breaks ties toward the earlier cut and ignores silences too close to the chunk start", () => {
    const silences = [
      { start: 5, end: 6 }, // before minSeconds (15): never a cut
      { start: 27.9, end: 28.1 }, // midpoint 28
      { start: 31.9, end: 32.1 }, // midpoint 32, same distance
    ];
    expect(boundaries(planChunks(70, silences))).toEqual([
      [0, 28],
      [28, 70],
    ]);
  });

  it("covers the whole file without gaps, with indexes in order", () => {
    const silences = Array.from({ length: 40 }, (_, i) => ({ start: i * 7.3 + 3, end: i * 7.3 + 3.6 }));
    const chunks = planChunks(290.25, silences);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(290.25);
    chunks.forEach((chunk, i) => {
      expect(chunk.index).toBe(i);
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(45);
      if (i > 0) expect(chunk.start).toBe(chunks[i - 1]?.end);
    });
    expect(planChunks(290.25, silences)).toEqual(chunks);
  });

  it("plans nothing for an empty file", () => {
    expect(planChunks(0, [])).toEqual([]);
  });
});
