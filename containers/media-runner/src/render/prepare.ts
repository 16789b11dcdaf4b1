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
import { cuesWithin } from "./captions.ts";
import { frameSize } from "./manifest.ts";
import type { ReceivedParts } from "./multipart.ts";
import { measureSvg } from "./rasterise.ts";
import type { Timeline } from "./timeline.ts";
import { planTimeline } from "./timeline.ts";

export interface PreparedRender {
  jobDir: string;
  manifest: RenderManifest;
  width: number;
  height: number;
  /** The video's length: the audio's when there is audio, else the manifest's. */
  durationSeconds: number;
  audioPath: string | null;
  /** Distinct SVG parts in the order scenes first use them; each is rasterised once. */
  svgParts: string[];
  /** Path of each uploaded SVG part, by part name. */
  svgPaths: Map<string, string>;
  timeline: Timeline;
  cues: RenderManifest["cues"];
}

const MAX_AUDIO_SECONDS = 6 * 3600;

/** How many stills one ffmpeg graph takes: it holds about one decoded frame per still. */
export function shotsPerSegment(width: number, height: number): number {
  const frameBytes = width * height * 4;
  return Math.min(8, Math.max(3, Math.floor((48 * 1024 ** 2) / frameBytes)));
}

async function audioDuration(path: string, signal: AbortSignal): Promise<number> {
  const probe = await probeAudio(path, signal);
  // Some containers (live-recorded WebM) carry no duration: decode once to measure it.
  return probe.durationSeconds ?? (await scanSilences(path, MAX_AUDIO_SECONDS, signal)).decodedSeconds;
}

/** Checks the uploaded parts against the manifest and plans the video. */
export async function prepareRender(manifest: RenderManifest, jobDir: string, received: ReceivedParts, signal: AbortSignal): Promise<PreparedRender> {
  const svgParts = [...new Set(manifest.scenes.map((scene) => scene.svgPart))];
  for (const part of svgParts) {
    const path = received.scenes.get(part);
    if (!path) throw inputFailure("bad_request", `the manifest names ${part}, but no part of that name was sent`);
    measureSvg(await readFile(path), part);
  }
  let durationSeconds = manifest.durationSeconds;
  if (received.audio) {
    durationSeconds = await audioDuration(received.audio, signal);
    const lastStart = manifest.scenes.at(-1)?.start ?? 0;
    if (durationSeconds <= lastStart) {
      throw inputFailure("bad_request", `the audio lasts ${durationSeconds.toFixed(2)} s, but the last scene starts at ${lastStart} s`);
    }
  }
  const { width, height } = frameSize(manifest);
  const timeline = planTimeline({
    sceneStarts: manifest.scenes.map((scene) => scene.start),
    durationSeconds,
    fps: manifest.fps,
    transitionSeconds: manifest.transition === "crossfade" ? manifest.transitionSeconds : 0,
    maxShotsPerSegment: shotsPerSegment(width, height),
  });
  return {
    jobDir,
    manifest,
    width,
    height,
    durationSeconds,
    audioPath: received.audio,
    svgParts,
    svgPaths: received.scenes,
    timeline,
    cues: cuesWithin(manifest.cues, durationSeconds),
  };
}
