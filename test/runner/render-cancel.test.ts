/**
 * DELETE /jobs/{id} during a render kills its ffmpeg, ends the stream with `canceled` and leaves
 * no video behind; a full runner answers 503 busy meanwhile.
 */
import { readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderManifest } from "../../containers/media-runner/src/protocol.ts";
import type { TestRunner } from "./helpers.ts";
import { newJobId, startTestRunner } from "./helpers.ts";
import { fetchOutput, postRender, sceneSvg } from "./render-helpers.ts";

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner({ maxConcurrentJobs: 1 });
});
afterAll(() => runner.close());

/** ffmpeg processes working inside `dir` (the runner starts them in the job's directory). */
async function ffmpegsIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => "");
    const exe = await readlink(`/proc/${entry}/exe`).catch(() => "");
    if (cwd.startsWith(dir) && exe.endsWith("/ffmpeg")) pids.push(Number(entry));
  }
  return pids;
}

/** Long enough (20 s of 1080p60) that the cancel lands while ffmpeg is encoding. */
function longManifest(jobId: string): Partial<RenderManifest> {
  return {
    jobId,
    resolution: "1080p",
    fps: 60,
    durationSeconds: 20,
    scenes: [
      { id: "a", start: 0, end: 10, svgPart: "scene-1.svg" },
      { id: "b", start: 10, end: 20, svgPart: "scene-2.svg" },
    ],
  };
}

describe("cancelling a render", () => {
  it("kills ffmpeg, ends the stream with canceled, and publishes nothing", async () => {
    const jobId = newJobId();
    const scenes = { "scene-1.svg": sceneSvg(0, "One"), "scene-2.svg": sceneSvg(1, "Two") };
    let markEncoding: () => void = () => {};
    const encoding = new Promise<void>((resolve) => (markEncoding = resolve));
    const stream = postRender(runner.url, { manifest: longManifest(jobId), scenes }, (line) => {
      if (line.type === "progress" && line.currentOperation.startsWith("encoding") && line.etaSeconds !== null)
        markEncoding();
    });
    await encoding;
    expect((await ffmpegsIn(runner.instanceDir)).length).toBeGreaterThan(0);

    // One job at a time here: another render is refused, retryably, before its upload is read.
    const refused = await postRender(runner.url, { manifest: longManifest(newJobId()), scenes });
    expect(refused.status).toBe(503);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: "busy", retryable: true });

    const cancel = await fetch(`${runner.url}/jobs/${jobId}`, { method: "DELETE" });
    expect(await cancel.json()).toEqual({ jobId, canceled: true });

    const reply = await stream;
    if (!reply.ok) throw new Error(`render refused: ${JSON.stringify(reply.error)}`);
    expect(reply.lines.at(-1)).toMatchObject({ type: "error", code: "canceled", retryable: false });
    expect(reply.lines.some((line) => line.type === "result")).toBe(false);
    expect(await ffmpegsIn(runner.instanceDir)).toEqual([]);
    expect((await fetchOutput(runner.url, jobId, "video.mp4")).status).toBe(404);
    const left = await readdir(runner.instanceDir, { recursive: true });
    expect(left.filter((entry) => entry.endsWith(".mp4"))).toEqual([]);
    expect(await readdir(join(runner.instanceDir))).not.toContainEqual(expect.stringContaining(jobId));
    expect(await (await fetch(`${runner.url}/healthz`)).json()).toMatchObject({ status: "idle", currentJobs: [] });
  });
});
