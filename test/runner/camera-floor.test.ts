/**
 * The floor on real pixels: the shots the camera plans for a tall concept map and a 12-step flow
 * are rasterised at the video's size (16:9 and 9:16) by the runner's own rasteriser, and the ink of every spoken
 * label's lines is measured. Each line must stand at least as tall as the same text drawn at the
 * floor's size (28 px at 1080p, 18.7 px at 720p) in the same font. The computed sizes of every
 * shot are checked in test/unit/camera-plan.test.ts; here the pixels confirm them.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { frameSizeOf } from "../../containers/media-runner/src/protocol.ts";
import { flattenSvg, rasteriseSvg, renderStill } from "../../containers/media-runner/src/render/rasterise.ts";
import type { Rect } from "../../workers/engine/layout/types";
import { minTextPx, scaleOf } from "../../workers/videos/camera";
import { videoScenes } from "../../workers/videos/scenes";
import type { SpokenText } from "../../workers/videos/spoken";
import { CAMERA_TALKS, talkDiagram } from "../fixtures/camera-talks";
import { scratchDir } from "./helpers.ts";
import { greyFrame } from "./render-helpers.ts";

let dir: string;
beforeAll(async () => {
  dir = await scratchDir();
});

interface Grey {
  pixels: Buffer;
  width: number;
}

async function grey(png: Buffer, name: string, width: number): Promise<Grey> {
  const path = join(dir, name);
  await writeFile(path, png);
  return { pixels: await greyFrame(path, 0), width };
}

/** Rows [first, last] in `box` (pixels) holding ink: pixels far from the box's commonest grey. */
function inkRows(image: Grey, box: Rect): number {
  const left = Math.max(0, Math.floor(box.x));
  const right = Math.min(image.width, Math.ceil(box.x + box.width));
  const top = Math.max(0, Math.floor(box.y));
  const bottom = Math.ceil(box.y + box.height);
  const counts = new Map<number, number>();
  for (let y = top; y < bottom; y++)
    for (let x = left; x < right; x++)
      counts.set(image.pixels[y * image.width + x] ?? 0, (counts.get(image.pixels[y * image.width + x] ?? 0) ?? 0) + 1);
  const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 255;
  let first = -1;
  let last = -1;
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      if (Math.abs((image.pixels[y * image.width + x] ?? background) - background) > 90) {
        if (first < 0) first = y;
        last = y;
        break;
      }
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/** Each line of a spoken text, as a pixel band in a frame showing `rect` at `scale`. */
function lineBands(text: SpokenText, rect: Rect, scale: number): Array<{ line: string; band: Rect }> {
  const { block, box } = text;
  return block.lines.map((line, index) => ({
    line,
    band: {
      x: (box.x - rect.x) * scale - 2,
      y: (box.y + index * block.lineHeight - rect.y) * scale,
      width: box.width * scale + 4,
      height: block.lineHeight * scale,
    },
  }));
}

/** The ink height of `line` drawn at `fontSize` pixels in the diagram's font, on its own. */
async function referenceInk(line: string, fontSize: number, bold: boolean, name: string): Promise<number> {
  const width = Math.ceil(fontSize * (line.length + 2) * 1.1);
  const height = Math.ceil(fontSize * 3);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="'Noto Sans CJK JP', sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="${fontSize}" y="${fontSize * 1.9}" font-size="${fontSize}"${bold ? ' font-weight="700"' : ""} fill="#1f2933">${line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text></svg>`;
  const image = await grey(await rasteriseSvg(Buffer.from(svg), width, height), name, width);
  return inkRows(image, { x: 0, y: 0, width, height });
}

describe("spoken labels on real pixels", () => {
  for (const talk of CAMERA_TALKS)
    for (const aspectRatio of ["16:9", "9:16"] as const) {
      it(`${talk.name}, ${aspectRatio}: every spoken line, in the shots with the smallest and the largest text, stands at least as tall as text at the floor`, async () => {
        const { data, soundtrack } = talkDiagram(talk);
        const resolution = "720p";
        const video = videoScenes(data, soundtrack, {
          jobId: "job_0000000000000000000000test",
          resolution,
          aspectRatio,
          fps: 30,
          theme: "light",
          transition: "crossfade",
          captions: "off",
        });
        const frame = frameSizeOf(resolution, aspectRatio);
        const { width, height } = frame;
        const floor = minTextPx(frame);
        const spokenShots = video.camera.shots.filter((shot) => shot.spoken.length > 0);
        const smallest = (shot: (typeof spokenShots)[number]) =>
          Math.min(...shot.spoken.map((text) => text.fontSize * scaleOf(shot.rect, frame)));
        const ordered = [...spokenShots].sort((a, b) => smallest(a) - smallest(b));
        const chosen = [...new Set([ordered[0], ordered.at(-1)])].filter((shot) => shot !== undefined);
        expect(chosen.length).toBeGreaterThan(0);
        for (const [index, shot] of chosen.entries()) {
          const scale = scaleOf(shot.rect, frame);
          // A shot may stay on while several scenes are said: each text is measured in its own.
          for (const scene of new Set(shot.spoken.map((text) => text.scene))) {
            const svg = video.parts[scene]?.body ?? "";
            const image = await grey(
              await renderStill(flattenSvg(svg), shot.rect, width, height),
              `${talk.type}-${aspectRatio.replace(":", "x")}-${index}-${scene}.png`,
              width,
            );
            for (const text of shot.spoken.filter((spoken) => spoken.scene === scene)) {
              expect(text.fontSize * scale, text.text).toBeGreaterThanOrEqual(floor);
              for (const { line, band } of lineBands(text, shot.rect, scale)) {
                const measured = inkRows(image, band);
                const reference = await referenceInk(line, floor, text.block.bold, `ref-${index}.png`);
                expect(reference).toBeGreaterThan(floor * 0.5);
                expect(
                  measured,
                  `"${line}" measures ${measured} px; at the floor it measures ${reference} px`,
                ).toBeGreaterThanOrEqual(reference - 1);
              }
            }
          }
        }
      });
    }
});
