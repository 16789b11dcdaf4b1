/**
 * POST /render: receive the multipart upload (manifest first, which admits the job), check the
 * parts and the audio, then answer with the NDJSON render stream. Anything that goes wrong before
 * the stream starts is a JSON RunnerError with a status code; after that it is an `error` line.
 */

import { rm } from "node:fs/promises";
import type { Hono } from "hono";
import type { RunnerConfig } from "../config.ts";
import { RunnerFailure, toRunnerFailure } from "../errors.ts";
import type { Job, JobRegistry } from "../jobs.ts";
import { shutdownFailure } from "../jobs.ts";
import { abortReason } from "../process.ts";
import type { RenderManifest } from "../protocol.ts";
import { JOB_ID_HEADER } from "../protocol.ts";
import { parseManifest } from "../render/manifest.ts";
import { receiveRenderParts } from "../render/multipart.ts";
import type { OutputStore } from "../render/outputs.ts";
import { prepareRender } from "../render/prepare.ts";
import { createRenderStream } from "../render/stream.ts";
import { createJobDir } from "../transcribe/prepare.ts";
import { failureResponse } from "./responses.ts";

export interface RenderDeps {
  config: RunnerConfig;
  registry: JobRegistry;
  outputs: OutputStore;
  instanceDir: string;
}

/** Registers POST /render. */
export function registerRenderRoute(app: Hono, deps: RenderDeps): void {
  app.post("/render", async (c) => {
    const { registry, config } = deps;
    // Refuse before reading anything when there is obviously no room; admission proper needs
    // the job id, which comes with the manifest.
    if (registry.shuttingDown) return failureResponse(c, shutdownFailure());
    if (registry.ids.length >= registry.maxConcurrentJobs) {
      const busy = `the runner is at capacity (${registry.maxConcurrentJobs} jobs)`;
      return failureResponse(c, new RunnerFailure("busy", busy, { retryable: true, status: 503 }));
    }
    const declared = Number(c.req.header("content-length"));
    if (declared > config.maxUploadBytes) {
      return failureResponse(
        c,
        new RunnerFailure("bad_request", `the upload exceeds ${config.maxUploadBytes} bytes`, { status: 413 }),
      );
    }

    let job: Job | undefined;
    let jobDir: string | undefined;
    let manifest: RenderManifest | undefined;
    const admit = async (text: string) => {
      manifest = parseManifest(text);
      job = registry.start(manifest.jobId);
      const admitted = job;
      // A client that hangs up mid-upload or mid-stream should not leave ffmpeg running.
      c.req.raw.signal.addEventListener("abort", () => {
        admitted.controller.abort(new RunnerFailure("canceled", "the client disconnected", { retryable: true }));
      });
      jobDir = await createJobDir(deps.instanceDir, admitted);
      return { dir: jobDir, signal: admitted.signal };
    };
    const cleanUp = async () => {
      if (jobDir) await rm(jobDir, { recursive: true, force: true });
    };

    try {
      const received = await receiveRenderParts(
        c.req.raw.body,
        c.req.header("content-type"),
        config.maxUploadBytes,
        c.req.raw.signal,
        admit,
      );
      if (!job || !jobDir || !manifest)
        throw new RunnerFailure("bad_request", "the manifest part is missing", { status: 400 });
      const prepared = await prepareRender(manifest, jobDir, received, job.signal);
      const body = createRenderStream({ job, registry, outputs: deps.outputs, prepared, cleanUp });
      return new Response(body, {
        status: 200,
        headers: {
          "content-type": "application/x-ndjson; charset=utf-8",
          "cache-control": "no-store",
          [JOB_ID_HEADER]: job.id,
        },
      });
    } catch (error) {
      await cleanUp();
      const failed: Job | undefined = job;
      if (failed) registry.finish(failed);
      return failureResponse(c, failed?.signal.aborted ? abortReason(failed.signal) : toRunnerFailure(error));
    }
  });
}
