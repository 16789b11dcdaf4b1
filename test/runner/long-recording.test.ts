/**
 * A ~69 s recording: chunked at silences, identically on every run, and resumable. The Worker
 * stores each chunk line as a checkpoint and retries with startChunk = chunks stored, so a
 * resumed run must skip exactly those chunks and reproduce the rest line for line.
 */
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCompletedTranscript } from "./assertions.ts";
import type { Line, TestRunner } from "./helpers.ts";
import { linesOf, makeLongRecording, scratchDir, startTestRunner, transcribeLines } from "./helpers.ts";

let runner: TestRunner;
let recording: string;

beforeAll(async () => {
  runner = await startTestRunner();
  recording = await makeLongRecording(await scratchDir());
});
afterAll(() => runner.close());

function transcribe(options: Record<string, unknown> = {}): Promise<Line[]> {
  return transcribeLines(runner.url, recording, { options });
}

describe("a long recording", () => {
  it("is cut into the same chunks at silences on every run, and resumes at startChunk", async () => {
    // One after the other: two PocketSphinx processes on this 2-vCPU machine take longer together than in turn.
    const first = await transcribe();
    const second = await transcribe();
    expectCompletedTranscript(first);
    const chunks = linesOf(first, "chunk");
    const [probe] = linesOf(first, "probe");
    expect(probe?.durationSeconds).toBeGreaterThan(65);
    expect(probe?.chunkCount).toBeGreaterThanOrEqual(2);
    expect(chunks.map((chunk) => chunk.index)).toEqual([...Array(probe?.chunkCount).keys()]);
    for (const chunk of chunks) expect(chunk.end - chunk.start).toBeLessThanOrEqual(45);
    // Cut inside a pause, not in a word: no word spans a boundary.
    for (const chunk of chunks)
      for (const segment of chunk.segments) expect(segment.end).toBeLessThanOrEqual(chunk.end + 0.05);
    console.log("chunk boundaries:", chunks.map((chunk) => `[${chunk.start}, ${chunk.end}]`).join(" "));

    // Deterministic: same boundaries and, with the same engine, the same segments.
    expect(linesOf(second, "chunk")).toEqual(chunks);
    expect(linesOf(second, "probe")).toEqual(linesOf(first, "probe"));

    // ETA: unknown until a chunk has been measured, then a number.
    const progress = linesOf(first, "progress");
    expect(progress[0]?.etaSeconds).toBeNull();
    expect(
      progress
        .filter((line) => line.currentOperation.startsWith("decoding chunk 2/"))
        .every((line) => line.etaSeconds !== null),
    ).toBe(true);
    expect(progress.at(-1)).toMatchObject({ percent: 100, currentOperation: "done" });

    const resumed = await transcribe({ startChunk: 1 });
    expect(linesOf(resumed, "probe")).toEqual(linesOf(first, "probe"));
    expect(linesOf(resumed, "chunk")).toEqual(chunks.slice(1));
    const resumedStart = chunks[1]?.start ?? 0;
    expect(linesOf(resumed, "progress")[0]?.percent).toBeCloseTo(
      (resumedStart / (probe?.durationSeconds ?? 1)) * 100,
      0,
    );
    expect(linesOf(resumed, "result")).toEqual(linesOf(first, "result"));
  });

  it("answers probe and result only when every chunk was already stored", async () => {
    const lines = await transcribe({ startChunk: 99 });
    expect(lines.map((line) => line.type)).toEqual(["probe", "progress", "result"]);
  });

  it("removes its temporary files", async () => {
    expect(await readdir(runner.instanceDir)).toEqual([]);
  });
});
