/**
 * Runs the render's ffmpeg commands in the job's directory: each segment, then the final mux.
 * Positions from `-progress pipe:1` are reported in whole-video seconds, so progress and ETA
 * run smoothly across segments.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RunnerFailure } from "../errors.ts";
import { describeFailure, runProcess } from "../process.ts";
import { toAss, toWebVtt } from "./captions.ts";
import { muxArgs, segmentArgs, segmentListText } from "./encode-args.ts";
import { segmentInput } from "./pieces.ts";
import type { PreparedRender } from "./prepare.ts";

const OUT_TIME_US = /^out_time_us=(\d+)$/;

/** Runs ffmpeg in `cwd`, calling `onSeconds` with each reported output position. */
export async function runFfmpeg(
  args: string[],
  cwd: string,
  signal: AbortSignal,
  onSeconds: (seconds: number) => void,
): Promise<void> {
  const result = await runProcess("ffmpeg", args, {
    cwd,
    signal,
    onStdoutLine: (line) => {
      const time = OUT_TIME_US.exec(line);
      if (time?.[1]) onSeconds(Number(time[1]) / 1e6);
    },
  });
  if (result.exitCode !== 0)
    throw new RunnerFailure("engine_failed", describeFailure("ffmpeg", result), { retryable: true });
}

export interface EncodeHooks {
  signal: AbortSignal;
  /** Video position in seconds; `step` says which command is running. */
  onPosition(seconds: number, step: string): void;
}

export interface EncodedVideo {
  video: string;
  /** The WebVTT file when captions are a track. */
  captions: string | null;
}

/** Encodes the video from the rasterised stills in the job directory; returns the files made. */
export async function encodeVideo(prepared: PreparedRender, hooks: EncodeHooks): Promise<EncodedVideo> {
  const { jobDir, manifest, timeline, cues, width, height } = prepared;
  const { fps } = manifest;
  const burned = manifest.captions === "burned" && cues.length > 0;
  if (burned) await writeFile(join(jobDir, "captions.ass"), toAss(cues, width, height));
  const settings = { fps, width, height, burnedCaptions: burned ? "captions.ass" : null };

  const segmentFiles: string[] = [];
  const count = timeline.segments.length;
  for (const [index, segment] of timeline.segments.entries()) {
    const file = `segment-${String(index).padStart(5, "0")}.mp4`;
    const step = count > 1 ? `encoding segment ${index + 1}/${count}` : "encoding";
    hooks.onPosition(segment.from / fps, step);
    const input = segmentInput(segment, prepared.camera, timeline.shots);
    await runFfmpeg(segmentArgs(input, settings, file), jobDir, hooks.signal, (seconds) =>
      hooks.onPosition(segment.from / fps + seconds, step),
    );
    segmentFiles.push(file);
  }

  await writeFile(join(jobDir, "segments.txt"), segmentListText(segmentFiles));
  let captions: string | null = null;
  if (manifest.captions === "track") {
    captions = join(jobDir, "captions.vtt");
    await writeFile(captions, toWebVtt(cues));
  }
  const video = join(jobDir, "video.mp4");
  const padAudioTo = prepared.videoSeconds > prepared.durationSeconds ? prepared.videoSeconds : null;
  const args = muxArgs({
    segmentList: "segments.txt",
    audio: prepared.audioPath,
    padAudioTo,
    subtitles: captions && cues.length > 0 ? "captions.vtt" : null,
    output: "video.mp4",
  });
  const total = timeline.totalFrames / fps;
  hooks.onPosition(total, "muxing");
  await runFfmpeg(args, jobDir, hooks.signal, () => hooks.onPosition(total, "muxing"));
  await Promise.all(segmentFiles.map((file) => rm(join(jobDir, file), { force: true })));
  return { video, captions };
}
