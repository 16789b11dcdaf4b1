/**
 * POST /render end to end against real resvg and ffmpeg: three scenes (one in Japanese) and a
 * spoken recording become a 720p30 H.264/AAC MP4 as long as the audio, with faststart, a poster,
 * and captions burned, as a track, or off.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderLine, RenderManifest } from "../../containers/media-runner/src/protocol.ts";
import type { TestRunner } from "./helpers.ts";
import { newJobId, scratchDir, speak, startTestRunner } from "./helpers.ts";
import {
  fetchOutput,
  greyFrame,
  meanDifference,
  postRender,
  probe,
  resultOf,
  sceneSvg,
  topLevelBoxes,
} from "./render-helpers.ts";

let runner: TestRunner;
let dir: string;
let speech: string;
let speechSeconds: number;

const SCENES = {
  "scene-1.svg": sceneSvg(0, "Collect"),
  "scene-2.svg": sceneSvg(1, "日本語の図解"),
  "scene-3.svg": sceneSvg(2, "Render"),
};
const CUES = [
  { start: 0.3, end: 3.5, text: "First we collect the recordings." },
  { start: 3.6, end: 6.0, text: "日本語の字幕も表示されます" },
];

/** The manifest says 5.5 s; the audio is longer, so the last scene is stretched to its end. */
function manifest(captions: RenderManifest["captions"]): Partial<RenderManifest> {
  return {
    jobId: newJobId(),
    resolution: "720p",
    fps: 30,
    transition: "crossfade",
    transitionSeconds: 0.5,
    captions,
    durationSeconds: 5.5,
    scenes: [
      { id: "collect", start: 0, end: 2, svgPart: "scene-1.svg" },
      { id: "diagram", start: 2, end: 4, svgPart: "scene-2.svg" },
      { id: "render", start: 4, end: 5.5, svgPart: "scene-3.svg" },
    ],
    cues: CUES,
  };
}

async function renderTo(captions: RenderManifest["captions"]) {
  const m = manifest(captions);
  const reply = await postRender(runner.url, { manifest: m, scenes: SCENES, audio: speech });
  const result = resultOf(reply);
  const video = await fetchOutput(runner.url, m.jobId ?? "", "video.mp4");
  const path = join(dir, `${captions}.mp4`);
  await writeFile(path, video.bytes);
  return { jobId: m.jobId ?? "", lines: reply.ok ? reply.lines : [], result, path, video };
}

let burned: Awaited<ReturnType<typeof renderTo>>;
let off: Awaited<ReturnType<typeof renderTo>>;

beforeAll(async () => {
  runner = await startTestRunner();
  dir = await scratchDir();
  speech = await speak(
    "First we collect the recordings. Then the platform draws the diagram, and renders the video.",
    join(dir, "speech.wav"),
  );
  speechSeconds = (await probe(speech)).durationSeconds;
  [burned, off] = [await renderTo("burned"), await renderTo("off")];
});
afterAll(() => runner.close());

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

describe("rendering an explainer video", () => {
  it("encodes H.264 + AAC at 1280x720, 30 fps, yuv420p, as long as the audio, with faststart", async () => {
    const info = await probe(burned.path);
    const video = info.streams.find((stream) => stream.codec_type === "video");
    const audio = info.streams.find((stream) => stream.codec_type === "audio");
    expect(video).toMatchObject({
      codec_name: "h264",
      width: 1280,
      height: 720,
      pix_fmt: "yuv420p",
      r_frame_rate: "30/1",
    });
    expect(audio?.codec_name).toBe("aac");
    expect(speechSeconds).toBeGreaterThan(5.5);
    expect(Math.abs(info.durationSeconds - speechSeconds)).toBeLessThan(0.2);
    expect(Math.abs(burned.result.durationSeconds - speechSeconds)).toBeLessThan(0.2);
    const boxes = topLevelBoxes(burned.video.bytes);
    expect(boxes.indexOf("moov")).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
    expect(burned.result).toMatchObject({ width: 1280, height: 720, fps: 30, framesRendered: 3 });
  });

  it("reports each output's size and sha256, and serves a 1280x720 PNG poster", async () => {
    const poster = await fetchOutput(runner.url, burned.jobId, "poster.png");
    expect(poster.status).toBe(200);
    expect(poster.contentType).toBe("image/png");
    expect(poster.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([poster.bytes.readUInt32BE(16), poster.bytes.readUInt32BE(20)]).toEqual([1280, 720]);
    const described = Object.fromEntries(burned.result.outputs.map((output) => [output.name, output]));
    expect(Object.keys(described).sort()).toEqual(["poster.png", "video.mp4"]);
    for (const [name, bytes] of [
      ["video.mp4", burned.video.bytes],
      ["poster.png", poster.bytes],
    ] as const) {
      expect(described[name]).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    }
  });

  it("streams rasterising progress per scene, then encoding progress with an ETA once measured", () => {
    const progress = burned.lines.filter(
      (line): line is Extract<RenderLine, { type: "progress" }> => line.type === "progress",
    );
    const operations = progress.map((line) => line.currentOperation);
    for (const scene of ["1/3", "2/3", "3/3"]) expect(operations).toContain(`rasterising scene ${scene}`);
    expect(
      progress
        .filter((line) => line.currentOperation.startsWith("rasterising"))
        .every((line) => line.etaSeconds === null),
    ).toBe(true);
    const encoding = progress.filter((line) => line.currentOperation.startsWith("encoding"));
    expect(encoding[0]?.etaSeconds).toBeNull();
    expect(encoding.some((line) => typeof line.etaSeconds === "number")).toBe(true);
    const percents = progress.map((line) => line.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
  });

  it("burns captions into the bottom of the picture and nowhere else", async () => {
    // 1.0 s: the first cue is showing and no crossfade is under way.
    const [withCaptions, without] = [await greyFrame(burned.path, 1.0), await greyFrame(off.path, 1.0)];
    expect(meanDifference(withCaptions, without, 1280, 600, 720)).toBeGreaterThan(8);
    expect(meanDifference(withCaptions, without, 1280, 0, 500)).toBeLessThan(1);
  });

  it("adds captions as a mov_text track and a captions.vtt output", async () => {
    const track = await renderTo("track");
    const info = await probe(track.path);
    expect(info.streams.map((stream) => stream.codec_name).sort()).toEqual(["aac", "h264", "mov_text"]);
    const vtt = await fetchOutput(runner.url, track.jobId, "captions.vtt");
    expect(vtt.status).toBe(200);
    const text = vtt.bytes.toString("utf8");
    expect(text.startsWith("WEBVTT")).toBe(true);
    expect(text).toContain("00:00:00.300 --> 00:00:03.500\nFirst we collect the recordings.");
    expect(text).toContain("日本語の字幕も表示されます");
    expect(track.result.outputs.find((output) => output.name === "captions.vtt")).toMatchObject({
      size: vtt.bytes.length,
      sha256: sha256(vtt.bytes),
    });
  });

  it("frees a job's outputs on DELETE /outputs/{jobId}", async () => {
    const deleted = await fetch(`${runner.url}/outputs/${off.jobId}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect((await fetchOutput(runner.url, off.jobId, "video.mp4")).status).toBe(404);
    expect((await fetch(`${runner.url}/outputs/${off.jobId}`, { method: "DELETE" })).status).toBe(404);
  });
});
