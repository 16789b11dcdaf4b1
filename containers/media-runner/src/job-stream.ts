/**
 * The NDJSON response body shared by /transcribe and /render: `run` emits protocol lines, a
 * failure becomes one error line, and the job's files and slot are released when it ends. A
 * client that goes away aborts the job, so no CPU is spent on output nobody will read.
 */
import { RunnerFailure, toRunnerFailure } from "./errors.ts";
import type { Job, JobRegistry } from "./jobs.ts";
import { abortReason } from "./process.ts";

/** Streams the lines `run` emits for `job`; `cleanUp` runs once, whatever the outcome. */
export function jobLineStream<Line>(
  job: Job,
  registry: JobRegistry,
  run: (emit: (line: Line) => void) => Promise<void>,
  cleanUp: () => Promise<void>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (line: Line | ReturnType<RunnerFailure["toWire"]>) => {
        if (!closed) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      job.streaming = true;
      void run(emit)
        .catch((error: unknown) =>
          emit((job.signal.aborted ? abortReason(job.signal) : toRunnerFailure(error)).toWire()),
        )
        .finally(async () => {
          await cleanUp();
          registry.finish(job);
          if (!closed) controller.close();
          closed = true;
        });
    },
    cancel() {
      closed = true;
      job.controller.abort(new RunnerFailure("canceled", "the client disconnected", { retryable: true }));
    },
  });
}
