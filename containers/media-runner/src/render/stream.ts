/**
 * The NDJSON body of POST /render: progress while each scene is rasterised and the video is
 * encoded, then a result line naming the published outputs, or an error line. The job's scratch
 * directory and slot are released when the stream ends, whatever the outcome.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Job, JobRegistry } from "../jobs.ts";
import { jobLineStream } from "../job-stream.ts";
import { shutdownFailure } from "../jobs.ts";
import { abortReason } from "../process.ts";
import type { RenderLine } from "../protocol.ts";
import { encodeVideo, pngName } from "./encode.ts";
import type { OutputFile, OutputStore } from "./outputs.ts";
import type { PreparedRender } from "./prepare.ts";
import { RenderProgress } from "./progress.ts";
import { rasteriseSvg } from "./rasterise.ts";

export interface RenderStreamInput {
  job: Job;
  registry: JobRegistry;
  outputs: OutputStore;
  prepared: PreparedRender;
  /** Removes the job's scratch directory. */
  cleanUp(): Promise<void>;
}

type Emit = (line: RenderLine) => void;

/**
 * A render keeps no checkpoint, so on shutdown it stops at once (retryably) rather than
 * finishing work whose outputs would vanish with the runner's directory. Aborting the job
 * kills its ffmpeg; safe to call from a child's output callback.
 */
function stopIfShuttingDown(job: Job): void {
  if (job.stopAfterCurrentChunk && !job.signal.aborted) job.controller.abort(shutdownFailure());
}

/** Between steps: throws the abort reason once the job is cancelled or the runner is stopping. */
function checkStillWanted(job: Job): void {
  stopIfShuttingDown(job);
  if (job.signal.aborted) throw abortReason(job.signal);
}

/** Runs the render and streams its lines. */
export function createRenderStream(input: RenderStreamInput): ReadableStream<Uint8Array> {
  return jobLineStream<RenderLine>(input.job, input.registry, (emit) => render(input, emit), input.cleanUp);
}

/** Rasterises every distinct SVG part once, a few at a time (resvg renders off the event loop). */
async function rasteriseAll(prepared: PreparedRender, job: Job, progress: RenderProgress, emit: Emit): Promise<void> {
  const parts = prepared.svgParts;
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < parts.length; index = next++) {
      checkStillWanted(job);
      const part = parts[index] ?? "";
      emit(progress.rasterising(index, done, parts.length));
      const svg = await readFile(prepared.svgPaths.get(part) ?? "");
      const png = await rasteriseSvg(svg, prepared.width, prepared.height, { signal: job.signal });
      await writeFile(join(prepared.jobDir, pngName(part)), png);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parts.length, availableParallelism()) }, worker));
}

async function render(input: RenderStreamInput, emit: Emit): Promise<void> {
  const { job, prepared } = input;
  const { manifest, timeline } = prepared;
  const progress = new RenderProgress(timeline.totalFrames / manifest.fps);
  await rasteriseAll(prepared, job, progress, emit);

  progress.startEncoding();
  const encoded = await encodeVideo(prepared, {
    signal: job.signal,
    onPosition: (seconds, step) => {
      stopIfShuttingDown(job);
      emit(progress.encoding(seconds, step));
    },
  });
  const posterScene = manifest.scenes[manifest.posterScene ?? manifest.scenes.length - 1];
  const poster = join(prepared.jobDir, "poster.png");
  await copyFile(join(prepared.jobDir, pngName(posterScene?.svgPart ?? "")), poster);

  const files: OutputFile[] = [
    { name: "video.mp4", path: encoded.video },
    { name: "poster.png", path: poster },
    ...(encoded.captions ? [{ name: "captions.vtt", path: encoded.captions }] : []),
  ];
  checkStillWanted(job);
  const outputs = await input.outputs.publish(job.id, files);
  if (job.signal.aborted) {
    // Cancelled while publishing: a cancelled job leaves no outputs behind.
    await input.outputs.remove(job.id);
    throw abortReason(job.signal);
  }
  emit(progress.finished());
  emit({
    type: "result",
    // With audio the video lasts as long as the audio; without, as long as its frames.
    durationSeconds: Math.round((prepared.audioPath ? prepared.durationSeconds : timeline.totalFrames / manifest.fps) * 1000) / 1000,
    width: prepared.width,
    height: prepared.height,
    fps: manifest.fps,
    framesRendered: prepared.svgParts.length,
    outputs,
  });
}
