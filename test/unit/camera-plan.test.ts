/**
 * The camera the Worker plans (workers/videos/camera.ts), followed frame by frame the way the
 * runner moves it (containers/media-runner/src/render/camera.ts): while a scene is spoken every
 * text it says is on screen at or above the floor, the camera never jumps, and the video ends on
 * the whole diagram. Pixels are measured in test/runner/camera-floor.test.ts.
 */
import { describe, expect, it } from "vitest";
import { type AspectRatio, captionLayout, frameSizeOf } from "../../containers/media-runner/src/protocol.ts";
import {
  type CameraSpan,
  planCamera as framesOf,
  type Rect,
  rectAt,
} from "../../containers/media-runner/src/render/camera.ts";
import { analyze, buildDiagram } from "../../workers/engine/index";
import { minTextPx, scaleOf } from "../../workers/videos/camera";
import { type VideoScenes, videoScenes } from "../../workers/videos/scenes";
import { spokenTexts } from "../../workers/videos/spoken";
import { CAMERA_TALKS, talkDiagram } from "../fixtures/camera-talks";

const FPS = 30;

function scenesOf(
  data: Parameters<typeof videoScenes>[0],
  soundtrack: Parameters<typeof videoScenes>[1],
  resolution: "720p" | "1080p" | "4k",
  aspectRatio: AspectRatio = "16:9",
  captions: "off" | "burned" = "off",
): VideoScenes {
  return videoScenes(data, soundtrack, {
    jobId: "job_0000000000000000000000test",
    resolution,
    aspectRatio,
    fps: FPS,
    theme: "light",
    transition: "crossfade",
    captions,
  });
}

/** The camera's rectangle at every frame, as the runner will draw it. */
function framesFor(video: VideoScenes): { spans: CameraSpan[]; at(frame: number): Rect; total: number } {
  const { width, height } = frameSizeOf(video.manifest.resolution, video.manifest.aspectRatio);
  const total = Math.round((video.manifest.durationSeconds + video.manifest.tailSeconds) * FPS);
  const spans = framesOf(
    video.manifest.camera,
    { x: 0, y: 0, width: video.diagram.width, height: video.diagram.height },
    FPS,
    total,
    width / height,
  );
  const at = (frame: number) => {
    const span = spans.find((candidate) => frame >= candidate.from && frame < candidate.to) ?? spans.at(-1);
    if (!span) throw new Error("no camera");
    return rectAt(span, frame);
  };
  return { spans, at, total };
}

function inside(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

describe("the camera follows the speech", () => {
  for (const talk of CAMERA_TALKS) {
    for (const aspectRatio of ["16:9", "9:16", "1:1"] as const) {
      for (const resolution of ["720p", "1080p", "4k"] as const) {
        it(`${talk.name}, ${aspectRatio} at ${resolution}: every spoken text readable while it is said, no jumps, ends whole`, () => {
          const { data, soundtrack } = talkDiagram(talk);
          const video = scenesOf(data, soundtrack, resolution, aspectRatio);
          const frame = frameSizeOf(resolution, aspectRatio);
          const floor = minTextPx(frame);
          // The whole diagram fitted (with the overview's margin), by its smallest spoken text: labels of nodes and edges.
          const fonts = [
            ...video.diagram.nodes.map((n) => n.label.fontSize),
            ...video.diagram.edges.flatMap((e) => (e.label ? [e.label.fontSize] : [])),
          ];
          const whole =
            Math.min(frame.width / (video.diagram.width + 48), frame.height / (video.diagram.height + 48)) *
            Math.min(...fonts);
          // In 16:9 these diagrams are too big to read whole: that is what the camera is for.
          if (aspectRatio === "16:9") expect(whole).toBeLessThan(floor);

          const camera = framesFor(video);
          video.manifest.scenes.forEach((scene, index) => {
            const texts = spokenTexts(video.diagram, index);
            // Every frame from the first word to the last (the scene's own speech).
            for (let f = Math.ceil(scene.start * FPS); f < Math.floor(scene.end * FPS); f++) {
              const rect = camera.at(f);
              for (const text of texts)
                expect(text.fontSize * scaleOf(rect, frame), `${text.text} at frame ${f}`).toBeGreaterThanOrEqual(
                  floor,
                );
            }
          });
          // Each hold shows the texts it was planned for, whole.
          for (const shot of video.camera.shots)
            for (const text of shot.spoken) expect(inside(shot.rect, text.box), `${text.text} in its shot`).toBe(true);
          // No cut: consecutive spans that differ are joined by a move of at least 0.3 s.
          camera.spans.forEach((span, index) => {
            const next = camera.spans[index + 1];
            if (span.kind === "move") expect(span.to - span.from).toBeGreaterThanOrEqual(Math.round(0.3 * FPS) - 1);
            if (next && span.kind === "hold" && next.kind === "hold") expect(next.rect).toEqual(span.rect);
          });
          // The last frame shows the whole diagram; a diagram readable whole is never moved over.
          expect(
            inside(camera.at(camera.total - 1), {
              x: 0,
              y: 0,
              width: video.diagram.width,
              height: video.diagram.height,
            }),
          ).toBe(true);
          if (whole >= floor * 1.05) expect(camera.spans).toHaveLength(1);
          else expect(video.manifest.tailSeconds).toBeGreaterThan(1);
        });
      }
    }
  }

  it("lays a long flow down a 9:16 frame and shows it larger than 16:9 does", () => {
    const { data } = talkDiagram(CAMERA_TALKS[2] ?? { name: "", type: "flow", text: "" });
    const soundtrack = { durationSeconds: 60, segments: [] };
    const portrait = scenesOf(data, soundtrack, "720p", "9:16");
    expect(portrait.manifest.aspectRatio).toBe("9:16");
    expect(portrait.diagram.height).toBeGreaterThan(portrait.diagram.width);
    const fitted = (video: VideoScenes, aspectRatio: AspectRatio) => {
      const frame = frameSizeOf("720p", aspectRatio);
      return Math.min(frame.width / video.diagram.width, frame.height / video.diagram.height);
    };
    expect(fitted(portrait, "9:16")).toBeGreaterThan(fitted(scenesOf(data, soundtrack, "720p", "16:9"), "16:9"));
  });

  it("keeps spoken text above burned captions", () => {
    const { data, soundtrack } = talkDiagram(CAMERA_TALKS[0] ?? { name: "", type: "flow", text: "" });
    for (const aspectRatio of ["16:9", "9:16"] as const) {
      const video = scenesOf(data, soundtrack, "1080p", aspectRatio, "burned");
      const frame = frameSizeOf("1080p", aspectRatio);
      const top = 1 - captionLayout(frame.width, frame.height).band;
      for (const shot of video.camera.shots) {
        for (const text of shot.spoken)
          expect(text.box.y + text.box.height, text.text).toBeLessThanOrEqual(
            shot.rect.y + shot.rect.height * top + 0.5,
          );
      }
    }
  });

  it("holds still on a diagram that is readable whole", () => {
    const text =
      "Here's how to bake bread. First, mix the flour, water and yeast. Then knead the dough. Finally, bake it.";
    const segments = text.split(/(?<=\.)\s/).map((sentence, i) => ({ start: i * 3, end: i * 3 + 2.5, text: sentence }));
    const data = buildDiagram(analyze({ text, segments }), { type: "flow" });
    const video = scenesOf(data, { durationSeconds: 12, segments }, "1080p");
    expect(video.camera.shots).toHaveLength(1);
    expect(video.manifest.tailSeconds).toBe(0);
    const [shot] = video.camera.shots;
    expect(shot && inside(shot.rect, { x: 0, y: 0, width: video.diagram.width, height: video.diagram.height })).toBe(
      true,
    );
  });
});

describe("the runner's camera", () => {
  it("eases a move from rest to rest and covers every frame once", () => {
    const a = { x: 0, y: 0, width: 160, height: 90 };
    const b = { x: 320, y: 180, width: 320, height: 180 };
    const spans = framesOf(
      [
        { start: 0, end: 1, ...a },
        { start: 2, end: 3, ...b },
      ],
      a,
      30,
      90,
      16 / 9,
    );
    expect(spans.map((s) => [s.kind, s.from, s.to])).toEqual([
      ["hold", 0, 30],
      ["move", 30, 60],
      ["hold", 60, 90],
    ]);
    const move = spans[1];
    if (move?.kind !== "move") throw new Error("expected a move");
    const steps = Array.from({ length: 31 }, (_, i) => rectAt(move, 30 + i).x - rectAt(move, 29 + i).x);
    // Slow at both ends, fastest in the middle, never backwards.
    expect(steps.every((step) => step >= 0)).toBe(true);
    expect(Math.max(...steps)).toBeGreaterThan(5 * (steps[0] ?? 0));
    expect(Math.max(...steps)).toBeGreaterThan(5 * (steps.at(-1) ?? 0));
    expect(rectAt(move, 59).width).toBeGreaterThan(rectAt(move, 30).width);
  });
});
