/**
 * The NDJSON body of POST /render: progress while each scene is rasterised and the video is
 * encoded, then a result line naming the published outputs, or an error line. The job's scratch
 * directory and slot are released when the stream ends, whatever the outcome.
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { jobLineStream } from "../job-stream.ts";
import type { Job, JobRegistry } from "../jobs.ts";
import { shutdownFailure } from "../jobs.ts";
import { abortReason } from "../process.ts";
import type { RenderLine } from "../protocol.ts";
import { encodeVideo } from "./encode.ts";
import type { OutputFile, OutputStore } from "./outputs.ts";
import type { PreparedRender } from "./prepare.ts";
import { RenderProgress } from "./progress.ts";
import { rasteriseStills } from "./stills.ts";

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

async function render(input: RenderStreamInput, emit: Emit): Promise<void> {
  const { job, prepared } = input;
  const { manifest, timeline } = prepared;
  const progress = new RenderProgress(timeline.totalFrames / manifest.fps);
  await rasteriseStills(prepared, {
    signal: job.signal,
    onScene: (index, done, total) => {
      checkStillWanted(job);
      emit(progress.rasterising(index, done, total));
    },
  });

  progress.startEncoding();
  const encoded = await encodeVideo(prepared, {
    signal: job.signal,
    onPosition: (seconds, step) => {
      stopIfShuttingDown(job);
      emit(progress.encoding(seconds, step));
    },
  });
  const poster = join(prepared.jobDir, "poster.png");
  await copyFile(join(prepared.jobDir, prepared.camera.poster.name), poster);

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
    // With audio the video lasts as long as the audio and its tail; without, as long as its frames.
    durationSeconds:
      Math.round((prepared.audioPath ? prepared.videoSeconds : timeline.totalFrames / manifest.fps) * 1000) / 1000,
    width: prepared.width,
    height: prepared.height,
    fps: manifest.fps,
    framesRendered: prepared.camera.stills.length,
    outputs,
  });
}
