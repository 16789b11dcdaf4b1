/**
 * DELETE /jobs/{id} during a transcription kills that job's engine process and ends its stream
 * with `canceled`; a full runner answers 503 busy meanwhile.
 */
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunnerError } from "../../containers/media-runner/src/protocol.ts";
import type { TestRunner } from "./helpers.ts";
import {
  linesOf,
  makeLongRecording,
  newJobId,
  processesMentioning,
  scratchDir,
  startTestRunner,
  transcribeFile,
  transcribeLines,
  waitFor,
} from "./helpers.ts";

let runner: TestRunner;
let recording: string;

beforeAll(async () => {
  runner = await startTestRunner({ maxConcurrentJobs: 1 });
  recording = await makeLongRecording(await scratchDir());
});
afterAll(() => runner.close());

describe("cancelling a job", () => {
  it("kills the job's pocketsphinx process and ends the stream with canceled", async () => {
    const jobId = newJobId();
    let markTranscribing: () => void = () => {};
    const transcribing = new Promise<void>((resolve) => (markTranscribing = resolve));
    const stream = transcribeLines(runner.url, recording, {
      jobId,
      onLine: (line) => {
        if (line.type === "progress" && line.currentOperation.startsWith("transcribing")) markTranscribing();
      },
    });
    await transcribing;

    // The engine runs on a chunk file inside the job's directory, whose name starts with the job id.
    const running = await waitFor(async () => (await processesMentioning(jobId, "pocketsphinx_continuous")).length > 0);
    expect(running).toBe(true);

    // One job at a time on this runner: another is refused, retryably, before its upload is read.
    const refused = await transcribeFile(runner.url, recording);
    expect(refused.status).toBe(503);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: "busy", retryable: true });

    const cancel = await fetch(`${runner.url}/jobs/${jobId}`, { method: "DELETE" });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ jobId, canceled: true });

    const lines = await stream;
    expect(lines.at(-1)).toMatchObject({ type: "error", code: "canceled", retryable: false });
    expect(linesOf(lines, "result")).toEqual([]);
    expect(await processesMentioning(jobId)).toEqual([]);
    expect(await readdir(runner.instanceDir)).toEqual([]);

    // The job is gone: a second cancel is a 404, and the runner takes new work again.
    const again = await fetch(`${runner.url}/jobs/${jobId}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(RunnerError.parse(await again.json()).code).toBe("bad_request");
    const health = await (await fetch(`${runner.url}/healthz`)).json();
    expect(health).toMatchObject({ status: "idle", currentJobs: [] });
  });
});
