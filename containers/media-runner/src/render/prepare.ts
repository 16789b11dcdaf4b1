/**
 * Everything a render needs before its first NDJSON line: every scene's SVG present and
 * readable, the audio probed and its duration measured, the timeline planned. Input problems
 * surface here as 422s, so a bad request never produces a half-written stream.
 */
import { readFile } from "node:fs/promises";
import { inputFailure } from "../errors.ts";
import { probeAudio } from "../media/probe.ts";
import { scanSilences } from "../media/silence.ts";
import type { RenderManifest } from "../protocol.ts";
import type { CameraSpan, Rect } from "./camera.ts";
import { planCamera, toAspect } from "./camera.ts";
import { cuesWithin } from "./captions.ts";
import { frameSize } from "./manifest.ts";
import type { ReceivedParts } from "./multipart.ts";
import type { CameraPlan } from "./pieces.ts";
import { piecesWeight, planPieces } from "./pieces.ts";
import { measureSvg } from "./rasterise.ts";
import type { Timeline } from "./timeline.ts";
import { planSegments, planShots } from "./timeline.ts";

export interface PreparedRender {
  jobDir: string;
  manifest: RenderManifest;
  width: number;
  height: number;
  /** The soundtrack's length: the audio's when there is audio, else the manifest's. */
  durationSeconds: number;
  /** The video's length: the soundtrack's and the manifest's tail after it. */
  videoSeconds: number;
  audioPath: string | null;
  /** Distinct SVG parts in the order scenes first use them; each is rasterised once. */
  svgParts: string[];
  /** Path of each uploaded SVG part, by part name. */
  svgPaths: Map<string, string>;
  timeline: Timeline;
  /** Which stills each shot is drawn from, and how the camera moves over them. */
  camera: CameraPlan;
  cues: RenderManifest["cues"];
}

const MAX_AUDIO_SECONDS = 6 * 3600;

/** Decoded stills one ffmpeg graph may hold at once (it keeps each input's frame until its end). */
const SEGMENT_STILL_BYTES = 48 * 1024 ** 2;

/** How many stills one ffmpeg graph takes: it holds about one decoded frame per still. */
export function shotsPerSegment(width: number, height: number): number {
  return Math.min(8, stillFramesPerSegment(width, height));
}

/** Frames' worth of decoded stills (RGBA) one ffmpeg graph may hold. */
export function stillFramesPerSegment(width: number, height: number): number {
  return Math.max(3, Math.floor(SEGMENT_STILL_BYTES / (width * height * 4)));
}

async function audioDuration(path: string, signal: AbortSignal): Promise<number> {
  const probe = await probeAudio(path, signal);
  // Some containers (live-recorded WebM) carry no duration: decode once to measure it.
  return probe.durationSeconds ?? (await scanSilences(path, MAX_AUDIO_SECONDS, signal)).decodedSeconds;
}

/** Checks the uploaded parts against the manifest and plans the video. */
export async function prepareRender(
  manifest: RenderManifest,
  jobDir: string,
  received: ReceivedParts,
  signal: AbortSignal,
): Promise<PreparedRender> {
  const svgParts = [...new Set(manifest.scenes.map((scene) => scene.svgPart))];
  const viewBoxes = new Map<string, Rect>();
  for (const part of svgParts) {
    const path = received.scenes.get(part);
    if (!path) throw inputFailure("bad_request", `the manifest names ${part}, but no part of that name was sent`);
    viewBoxes.set(part, measureSvg(await readFile(path), part).viewBox);
  }
  let durationSeconds = manifest.durationSeconds;
  if (received.audio) {
    durationSeconds = await audioDuration(received.audio, signal);
    const lastStart = manifest.scenes.at(-1)?.start ?? 0;
    if (durationSeconds <= lastStart) {
      throw inputFailure(
        "bad_request",
        `the audio lasts ${durationSeconds.toFixed(2)} s, but the last scene starts at ${lastStart} s`,
      );
    }
  }
  const videoSeconds = durationSeconds + manifest.tailSeconds;
  const frame = frameSize(manifest);
  const { fps } = manifest;
  const { totalFrames, shots } = planShots({
    sceneStarts: manifest.scenes.map((scene) => scene.start),
    durationSeconds: videoSeconds,
    fps,
    transitionSeconds: manifest.transition === "crossfade" ? manifest.transitionSeconds : 0,
  });
  const aspect = frame.width / frame.height;
  const fitOf = (scene: number): Rect =>
    viewBoxes.get(manifest.scenes[scene]?.svgPart ?? "") ?? { x: 0, y: 0, width: frame.width, height: frame.height };
  // Without a camera each scene is shown whole, fitted on its own (scenes may differ in size).
  const shared = manifest.camera ? planCamera(manifest.camera, fitOf(0), fps, totalFrames, aspect) : null;
  const spansOf = (scene: number): CameraSpan[] =>
    shared ?? planCamera(undefined, fitOf(scene), fps, totalFrames, aspect);
  const posterScene = manifest.posterScene ?? manifest.scenes.length - 1;
  const camera = planPieces(shots, spansOf, frame, {
    scene: posterScene,
    region: toAspect(fitOf(posterScene), aspect),
  });
  const limits = {
    shots: shotsPerSegment(frame.width, frame.height),
    weight: stillFramesPerSegment(frame.width, frame.height),
  };
  const segments = planSegments(shots, totalFrames, limits, (index) =>
    piecesWeight(camera.shotPieces[index] ?? [], frame),
  );
  return {
    jobDir,
    manifest,
    width: frame.width,
    height: frame.height,
    durationSeconds,
    videoSeconds,
    audioPath: received.audio,
    svgParts,
    svgPaths: received.scenes,
    timeline: { totalFrames, shots, segments },
    camera,
    cues: cuesWithin(manifest.cues, videoSeconds),
  };
}
