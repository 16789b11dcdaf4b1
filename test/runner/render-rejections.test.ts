/**
 * POST /render refuses bad requests before streaming, with a status and a stable code, and
 * leaves nothing behind: no job directory, no job slot, no outputs.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderManifest } from "../../containers/media-runner/src/protocol.ts";
import type { TestRunner } from "./helpers.ts";
import { newJobId, scratchDir, speak, startTestRunner } from "./helpers.ts";
import type { RenderParts } from "./render-helpers.ts";
import { fetchOutput, postRender, sceneSvg } from "./render-helpers.ts";

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

function manifest(overrides: Partial<RenderManifest> = {}): Partial<RenderManifest> {
  return {
    jobId: newJobId(),
    resolution: "720p",
    fps: 30,
    durationSeconds: 4,
    scenes: [
      { id: "a", start: 0, end: 2, svgPart: "scene-1.svg" },
      { id: "b", start: 2, end: 4, svgPart: "scene-2.svg" },
    ],
    ...overrides,
  };
}

const SCENES = { "scene-1.svg": sceneSvg(0, "One"), "scene-2.svg": sceneSvg(1, "Two") };

async function expectRefused(parts: RenderParts, status: number, message: RegExp, on = runner): Promise<void> {
  const reply = await postRender(on.url, parts);
  expect(reply.status).toBe(status);
  if (reply.ok) return;
  expect(reply.error).toMatchObject({ type: "error", code: "bad_request", retryable: false });
  expect(reply.error.message).toMatch(message);
  // Nothing is left: no job directory, no running job.
  expect((await readdir(on.instanceDir)).filter((entry) => entry !== "outputs")).toEqual([]);
  expect(await (await fetch(`${on.url}/healthz`)).json()).toMatchObject({ currentJobs: [] });
}

describe("POST /render refusals", () => {
  it("400 for a manifest that is not JSON or breaks the schema", async () => {
    await expectRefused({ manifest: "{not json", scenes: SCENES }, 400, /not JSON/);
    await expectRefused({ manifest: manifest({ fps: 25 as 30 }), scenes: SCENES }, 400, /fps/);
    await expectRefused({ manifest: { ...manifest(), jobId: "../../etc" }, scenes: SCENES }, 400, /jobId/);
  });

  it("400 for scenes out of order, overlapping, or past the end", async () => {
    const [a, b] = manifest().scenes ?? [];
    if (!a || !b) throw new Error("fixture");
    await expectRefused({ manifest: manifest({ scenes: [b, a] }), scenes: SCENES }, 400, /in order/);
    await expectRefused({ manifest: manifest({ scenes: [{ ...a, end: 3 }, b] }), scenes: SCENES }, 400, /overlap/);
    await expectRefused(
      { manifest: manifest({ scenes: [a, { ...b, end: 9 }] }), scenes: SCENES },
      400,
      /after the video/,
    );
    await expectRefused({ manifest: manifest({ posterScene: 5 }), scenes: SCENES }, 400, /posterScene/);
  });

  it("422 when a scene's SVG part is missing or is not an SVG", async () => {
    await expectRefused(
      { manifest: manifest(), scenes: { "scene-1.svg": SCENES["scene-1.svg"] } },
      422,
      /scene-2\.svg/,
    );
    await expectRefused(
      { manifest: manifest(), scenes: { ...SCENES, "scene-2.svg": "<svg" } },
      422,
      /scene-2\.svg is not a valid SVG/,
    );
  });

  it("400 when the manifest does not come first, a part is unknown, or the body is not multipart", async () => {
    await expectRefused({ manifest: manifest(), scenes: SCENES, manifestLast: true }, 400, /must come before/);
    await expectRefused({ manifest: manifest(), scenes: { ...SCENES, "notes.txt": "hello" } }, 400, /unexpected part/);
    const plain = await fetch(`${runner.url}/render`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(plain.status).toBe(400);
  });

  it("422 when the audio ends before the last scene starts", async () => {
    const audio = await speak("Short.", join(await scratchDir(), "short.wav"));
    const scenes = [
      { id: "a", start: 0, end: 3, svgPart: "scene-1.svg" },
      { id: "b", start: 3, end: 4, svgPart: "scene-2.svg" },
    ];
    await expectRefused({ manifest: manifest({ scenes }), scenes: SCENES, audio }, 422, /last scene starts at 3 s/);
  });

  it("413 when the upload passes the runner's limit", async () => {
    const small = await startTestRunner({ maxUploadBytes: 20_000 });
    try {
      const big = { ...SCENES, "scene-2.svg": `${sceneSvg(1, "Two")}<!-- ${"x".repeat(40_000)} -->` };
      await expectRefused({ manifest: manifest(), scenes: big }, 413, /exceeds 20000 bytes/, small);
    } finally {
      await small.close();
    }
  });

  it("404 for outputs that do not exist, and names outside the outputs", async () => {
    const jobId = newJobId();
    for (const name of ["video.mp4", "secret.txt", "..%2F..%2Fetc%2Fpasswd"]) {
      const reply = await fetchOutput(runner.url, jobId, name);
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.bytes.toString("utf8"))).toMatchObject({ code: "bad_request" });
    }
    expect((await fetch(`${runner.url}/outputs/${jobId}`, { method: "DELETE" })).status).toBe(404);
  });
});
