/**
 * The timeline's frame arithmetic (pure), and a video long enough in scenes to be encoded in
 * several segments: every scene is on screen when it should be, with no frame lost or doubled
 * at the joins.
 */

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTimeline } from "../../containers/media-runner/src/render/timeline.ts";
import type { TestRunner } from "./helpers.ts";
import { newJobId, run, scratchDir, startTestRunner } from "./helpers.ts";
import { fetchOutput, postRender, resultOf, sceneSvg } from "./render-helpers.ts";

describe("planTimeline", () => {
  const starts = [0, 1, 1.01, 2.5, 3, 4.2, 5, 6, 7, 8.5];
  for (const transitionSeconds of [0, 0.5]) {
    it(`covers every frame once, keeps crossfades inside segments (transition ${transitionSeconds} s)`, () => {
      const timeline = planTimeline({
        sceneStarts: starts,
        durationSeconds: 10,
        fps: 30,
        transitionSeconds,
        maxShotsPerSegment: 4,
      });
      expect(timeline.totalFrames).toBe(300);
      // 1.00 → 1.01 s is shorter than a frame: that scene is skipped.
      expect(timeline.shots.map((shot) => shot.scene)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(timeline.segments.length).toBeGreaterThan(1);
      let next = 0;
      for (const segment of timeline.segments) {
        expect(segment.from).toBe(next);
        next = segment.to;
        expect(segment.shots.length).toBeLessThanOrEqual(4);
        expect(segment.shots[0]).toMatchObject({ offset: 0, fadeIn: 0 });
        segment.shots.forEach((shot, index) => {
          const previous = segment.shots[index - 1];
          // The chain so far ends exactly where this shot's crossfade ends.
          if (previous) expect(previous.offset + previous.length).toBe(shot.offset + shot.fadeIn);
          expect(shot.fadeIn).toBeLessThanOrEqual(Math.round(transitionSeconds * 30));
        });
        const last = segment.shots.at(-1);
        expect((last?.offset ?? 0) + (last?.length ?? 0)).toBe(segment.to - segment.from);
      }
      expect(next).toBe(300);
    });
  }
});

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

describe("a render in several segments", () => {
  it("shows each of 10 scenes at its time, 180 frames in all", async () => {
    const jobId = newJobId();
    const count = 10;
    const scenes = Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      start: index * 0.6,
      end: (index + 1) * 0.6,
      svgPart: `scene-${index}.svg`,
    }));
    const svgs = Object.fromEntries(
      scenes.map((scene, index) => [scene.svgPart, sceneSvg(index, `Step ${index + 1}`)]),
    );
    const reply = await postRender(runner.url, {
      manifest: { jobId, resolution: "720p", fps: 30, durationSeconds: 6, transitionSeconds: 0.2, scenes },
      scenes: svgs,
    });
    const operations = reply.ok
      ? reply.lines.map((line) => (line.type === "progress" ? line.currentOperation : ""))
      : [];
    expect(operations).toContain("encoding segment 2/2");
    expect(resultOf(reply)).toMatchObject({ framesRendered: 10, durationSeconds: 6 });

    const path = join(await scratchDir(), "segments.mp4");
    await writeFile(path, (await fetchOutput(runner.url, jobId, "video.mp4")).bytes);
    // Every frame's red marker, on the row through its middle: scene k draws it at x = 40 + 90k.
    const { stdout } = await run(
      "ffmpeg",
      ["-v", "error", "-i", path, "-vf", "format=rgb24,crop=1280:1:0:550", "-f", "rawvideo", "-"],
      {
        encoding: "buffer",
        maxBuffer: 64 * 1024 ** 2,
      },
    );
    const row = 1280 * 3;
    expect(stdout.length / row).toBe(180);
    const markerAt = (frame: number) => {
      for (let x = 0; x < 1280; x++) {
        const at = frame * row + x * 3;
        if ((stdout[at] ?? 0) > 150 && (stdout[at + 1] ?? 255) < 110) return x;
      }
      return -1;
    };
    for (let scene = 0; scene < count; scene++)
      expect(Math.abs(markerAt(Math.round((scene + 0.5) * 18)) - (40 + 90 * scene))).toBeLessThanOrEqual(2);
  });
});
