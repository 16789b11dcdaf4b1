/**
 * POST /transcribe: admit the job, receive and check the audio, then answer with the NDJSON
 * transcript stream. Anything that goes wrong before the stream starts is a JSON RunnerError
 * with a status code; after that it is an `error` line.
 */

import { rm } from "node:fs/promises";
import type { Context, Hono } from "hono";
import type { RunnerConfig } from "../config.ts";
import type { SpeechEngine } from "../engines/engine.ts";
import type { Engines } from "../engines/registry.ts";
import { chooseEngine } from "../engines/registry.ts";
import { RunnerFailure, toRunnerFailure } from "../errors.ts";
import type { Job, JobRegistry } from "../jobs.ts";
import { abortReason } from "../process.ts";
import { JOB_ID_HEADER, OPTIONS_HEADER, TranscribeOptions } from "../protocol.ts";
import { createJobDir, prepareTranscription } from "../transcribe/prepare.ts";
import { createTranscriptStream } from "../transcribe/stream.ts";
import { failureResponse } from "./responses.ts";

const JOB_ID = /^[a-z]{2,4}_[0-9a-z]{26}$/;

export interface TranscribeDeps {
  config: RunnerConfig;
  registry: JobRegistry;
  engines: Engines;
  instanceDir: string;
}

function badRequest(message: string): RunnerFailure {
  return new RunnerFailure("bad_request", message, { status: 400 });
}

/** Reads and validates the job id and options headers. */
function readHeaders(c: Context): { jobId: string; options: TranscribeOptions } {
  const jobId = c.req.header(JOB_ID_HEADER);
  if (!jobId || !JOB_ID.test(jobId)) throw badRequest(`${JOB_ID_HEADER} must match ${JOB_ID.source}`);
  let raw: unknown = {};
  const header = c.req.header(OPTIONS_HEADER);
  if (header) {
    try {
      raw = JSON.parse(header);
    } catch {
      throw badRequest(`${OPTIONS_HEADER} is not valid JSON`);
    }
  }
  const parsed = TranscribeOptions.safeParse(raw);
  if (!parsed.success)
    throw badRequest(
      `${OPTIONS_HEADER} is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return { jobId, options: parsed.data };
}

/** Checks the request and takes a job slot; throws a RunnerFailure when the job cannot start. */
interface Admission {
  job: Job;
  options: TranscribeOptions;
  engine: SpeechEngine;
}

async function admit(c: Context, deps: TranscribeDeps): Promise<Admission> {
  const { jobId, options } = readHeaders(c);
  const engine = await chooseEngine(deps.engines, options);
  await engine.assertCanRun(options.language);
  const declared = Number(c.req.header("content-length"));
  if (declared > deps.config.maxUploadBytes) {
    throw new RunnerFailure("bad_request", `the upload exceeds ${deps.config.maxUploadBytes} bytes`, { status: 413 });
  }
  return { job: deps.registry.start(jobId), options, engine };
}

/** Registers POST /transcribe. */
export function registerTranscribeRoute(app: Hono, deps: TranscribeDeps): void {
  app.post("/transcribe", async (c) => {
    let admission: Admission;
    try {
      admission = await admit(c, deps);
    } catch (error) {
      return failureResponse(c, toRunnerFailure(error));
    }
    const { job, options, engine } = admission;
    // A client that hangs up mid-upload or mid-stream should not leave work running.
    c.req.raw.signal.addEventListener("abort", () => {
      job.controller.abort(new RunnerFailure("canceled", "the client disconnected", { retryable: true }));
    });

    let jobDir: string | undefined;
    try {
      jobDir = await createJobDir(deps.instanceDir, job);
      const prepared = await prepareTranscription(c.req.raw.body, jobDir, job, options, deps.config);
      const body = createTranscriptStream({
        job,
        registry: deps.registry,
        prepared,
        options,
        engine,
        heartbeatMs: deps.config.heartbeatMs,
      });
      return new Response(body, {
        status: 200,
        headers: {
          "content-type": "application/x-ndjson; charset=utf-8",
          "cache-control": "no-store",
          [JOB_ID_HEADER]: job.id,
        },
      });
    } catch (error) {
      if (jobDir) await rm(jobDir, { recursive: true, force: true });
      deps.registry.finish(job);
      return failureResponse(c, job.signal.aborted ? abortReason(job.signal) : toRunnerFailure(error));
    }
  });
}
