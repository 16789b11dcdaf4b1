/**
 * POST /render with a camera, against real resvg and ffmpeg: a 9:16 frame (720×1280 at 720p)
 * holds the top of a tall scene, eases down to its bottom, and holds there through a silent tail.
 * The red square's place in every frame shows the move is smooth: it only ever goes up the
 * frame, speeding up from rest, and rests at the other end. The arrowhead lies wholly outside the
 * first hold: resvg-js aborts its process on such a group unless it is culled (cull.ts).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunner } from "./helpers.ts";
import { newJobId, run, scratchDir, startTestRunner } from "./helpers.ts";
import { fetchOutput, postRender, probe, resultOf } from "./render-helpers.ts";

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

// 400 units wide; a 9:16 camera on it is 400 × 711 units. Red near the top, blue near the bottom.
const TALL = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="1600" viewBox="0 0 400 1600">
<rect width="400" height="1600" fill="#ffffff"/>
<rect x="150" y="200" width="100" height="100" fill="#dd2222"/>
<rect x="150" y="1300" width="100" height="100" fill="#2222dd"/>
<path d="M 200 300 L 200 1300" stroke="#333" stroke-width="4" marker-end="url(#a)"/>
<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" orient="auto"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>
</svg>`;

describe("a render with a camera", () => {
  it("frames 720×1280, eases from one hold to the next, and runs on through the tail", async () => {
    const jobId = newJobId();
    const top = { x: 0, y: 0, width: 400, height: 711.11 };
    const bottom = { x: 0, y: 888.89, width: 400, height: 711.11 };
    const reply = await postRender(runner.url, {
      manifest: {
        jobId,
        resolution: "720p",
        aspectRatio: "9:16",
        fps: 30,
        durationSeconds: 3,
        tailSeconds: 1,
        scenes: [{ id: "s0", start: 0, end: 3, svgPart: "scene-0.svg" }],
        camera: [
          { start: 0, end: 1, ...top },
          { start: 2, end: 4, ...bottom },
        ],
      },
      scenes: { "scene-0.svg": TALL },
    });
    expect(resultOf(reply)).toMatchObject({ width: 720, height: 1280, durationSeconds: 4 });
    const path = join(await scratchDir(), "camera.mp4");
    await writeFile(path, (await fetchOutput(runner.url, jobId, "video.mp4")).bytes);
    const info = await probe(path);
    expect(info.streams.find((s) => s.codec_type === "video")).toMatchObject({ width: 720, height: 1280 });

    // The column through the squares' middle (x = 200 units = 360 px), every frame, as RGB.
    const { stdout } = await run(
      "ffmpeg",
      ["-v", "error", "-i", path, "-vf", "format=rgb24,crop=1:1280:360:0", "-f", "rawvideo", "-"],
      { encoding: "buffer", maxBuffer: 64 * 1024 ** 2 },
    );
    const column = 1280 * 3;
    expect(stdout.length / column).toBe(120);
    const redTop = (frame: number) => {
      for (let y = 0; y < 1280; y++) {
        const at = frame * column + y * 3;
        if ((stdout[at] ?? 0) > 180 && (stdout[at + 1] ?? 255) < 90) return y;
      }
      return -1000;
    };
    // Scale 720 / 400 = 1.8 px per unit: the red square's top at 200 units is at 360 px, then off the top.
    expect(Math.abs(redTop(15) - 360)).toBeLessThanOrEqual(2);
    const path360: number[] = [];
    for (let frame = 28; frame <= 50; frame++) path360.push(redTop(frame));
    const seen = path360.filter((y) => y > -1000);
    const steps = seen.slice(1).map((y, i) => y - (seen[i] ?? y));
    expect(steps.every((step) => step <= 0)).toBe(true);
    // Eased: it starts slowly (no jump off the hold) and speeds up.
    expect(Math.abs(steps[0] ?? 0)).toBeLessThan(10);
    expect(Math.max(...steps.map(Math.abs))).toBeGreaterThan(3 * Math.abs(steps[0] ?? 0));
    // Held at the bottom: the blue square's top at 1300 units sits at (1300 - 888.89) × 1.8 = 740 px.
    const blueTop = (frame: number) => {
      for (let y = 0; y < 1280; y++) {
        const at = frame * column + y * 3;
        if ((stdout[at + 2] ?? 0) > 180 && (stdout[at] ?? 255) < 90) return y;
      }
      return -1;
    };
    for (const frame of [61, 90, 119]) expect(Math.abs(blueTop(frame) - 740)).toBeLessThanOrEqual(2);
  });
});
