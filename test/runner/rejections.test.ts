/**
 * Input the runner must refuse before streaming, each with its exact code, plus the headers'
 * validation, /healthz, and the guarantee that no job leaves files behind.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  JOB_ID_HEADER,
  OPTIONS_HEADER,
  RunnerError,
  RunnerHealth,
} from "../../containers/media-runner/src/protocol.ts";
import type { TestRunner } from "./helpers.ts";
import {
  convert,
  linesOf,
  newJobId,
  run,
  scratchDir,
  segmentsOf,
  speak,
  startTestRunner,
  transcribeFile,
  transcribeLines,
} from "./helpers.ts";

/** Deterministic noise (a fixed-seed LCG): truly random bytes occasionally contain frames ffprobe accepts. */
function noise(length: number, seed = 12345): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

let runner: TestRunner;
let dir: string;
let speech: string;

beforeAll(async () => {
  runner = await startTestRunner();
  dir = await scratchDir();
  speech = await convert(await speak("Hello world.", join(dir, "hello-source.wav")), join(dir, "hello.mp3"), [
    "-b:a",
    "64k",
  ]);
});
afterAll(() => runner.close());

async function expectRefusal(
  path: string,
  status: number,
  code: RunnerError["code"],
  options: Record<string, unknown> = {},
) {
  const reply = await transcribeFile(runner.url, path, { options });
  expect(reply.status).toBe(status);
  if (reply.ok) return;
  expect(reply.error.code).toBe(code);
  expect(reply.error.message).not.toBe("");
  return reply.error;
}

describe("audio the runner refuses before streaming (422)", () => {
  it("zero bytes → empty_audio", async () => {
    const path = join(dir, "empty.mp3");
    await writeFile(path, new Uint8Array());
    expect(await expectRefusal(path, 422, "empty_audio")).toMatchObject({ retryable: false });
  });

  it("a PNG renamed .mp3 → unsupported_audio", async () => {
    const path = join(dir, "picture.png");
    await run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "color=red", "-frames:v", "1", path]);
    const renamed = join(dir, "picture.mp3");
    await run("cp", [path, renamed]);
    await expectRefusal(renamed, 422, "unsupported_audio");
  });

  it("plain text → unsupported_audio", async () => {
    const path = join(dir, "notes.mp3");
    await writeFile(path, "These are meeting notes, not a recording.\n".repeat(50));
    await expectRefusal(path, 422, "unsupported_audio");
  });

  it("random bytes behind an MP3 (ID3) header → corrupt_audio", async () => {
    const path = join(dir, "random.mp3");
    await writeFile(path, Buffer.concat([Buffer.from("ID3\x03\x00\x00\x00\x00\x00\x00", "latin1"), noise(20_000)]));
    await expectRefusal(path, 422, "corrupt_audio");
  });

  it("random bytes behind an MPEG frame sync → corrupt_audio", async () => {
    const path = join(dir, "random-frames.mp3");
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), noise(20_000)]));
    await expectRefusal(path, 422, "corrupt_audio");
  });

  it("a truncated header (the first 100 bytes of an M4A) → corrupt_audio", async () => {
    const m4a = await convert(speech, join(dir, "hello.m4a"), ["-c:a", "aac"]);
    const { stdout } = await run("head", ["-c", "100", m4a], { encoding: "buffer" });
    const path = join(dir, "truncated.m4a");
    await writeFile(path, stdout);
    await expectRefusal(path, 422, "corrupt_audio");
  });

  it("longer than maxDurationSeconds → audio_too_long", async () => {
    const error = await expectRefusal(speech, 422, "audio_too_long", { maxDurationSeconds: 0.5 });
    expect(error?.message).toMatch(/limit is 0.5 s/);
  });

  it("a language the engine cannot do → unsupported_language", async () => {
    await expectRefusal(speech, 422, "unsupported_language", { language: "ja" });
  });
});

describe("other refusals", () => {
  it("whisper without WHISPER_BIN / WHISPER_MODEL → engine_unavailable, not retryable", async () => {
    expect(await expectRefusal(speech, 501, "engine_unavailable", { engine: "whisper", language: "ja" })).toMatchObject(
      { retryable: false },
    );
  });

  it("a missing or malformed job id, or bad options → 400 bad_request", async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { [JOB_ID_HEADER]: "job_short" },
      { [JOB_ID_HEADER]: newJobId(), [OPTIONS_HEADER]: "{not json" },
      { [JOB_ID_HEADER]: newJobId(), [OPTIONS_HEADER]: JSON.stringify({ startChunk: -1 }) },
      { [JOB_ID_HEADER]: newJobId(), [OPTIONS_HEADER]: JSON.stringify({ engine: "siri" }) },
    ];
    for (const headers of cases) {
      const response = await fetch(`${runner.url}/transcribe`, { method: "POST", headers, body: "x" });
      expect(response.status).toBe(400);
      expect(RunnerError.parse(await response.json()).code).toBe("bad_request");
    }
  });

  it("DELETE of an unknown job → 404", async () => {
    const response = await fetch(`${runner.url}/jobs/${newJobId()}`, { method: "DELETE" });
    expect(response.status).toBe(404);
    expect(RunnerError.parse(await response.json()).code).toBe("bad_request");
  });
});

describe("accepted edge cases", () => {
  it("five seconds of silence → completed with an empty transcript", async () => {
    const path = join(dir, "silence.ogg");
    await run("ffmpeg", [
      "-nostdin",
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "anullsrc=r=44100:cl=stereo",
      "-t",
      "5",
      "-c:a",
      "libopus",
      path,
    ]);
    const lines = await transcribeLines(runner.url, path);
    expect(linesOf(lines, "probe")[0]).toMatchObject({ format: "ogg", chunkCount: 1 });
    expect(linesOf(lines, "chunk")).toHaveLength(1);
    expect(segmentsOf(lines)).toEqual([]);
    expect(lines.at(-1)?.type).toBe("result");
  });
});

describe("runner state", () => {
  it("GET /healthz reports engine versions and idleness", async () => {
    const health = RunnerHealth.parse(await (await fetch(`${runner.url}/healthz`)).json());
    expect(health.status).toBe("idle");
    expect(health.currentJobs).toEqual([]);
    expect(health.engines.ffmpeg).toMatch(/^ffmpeg \d/);
    expect(health.engines.pocketsphinx).toMatch(/0\.8/);
    expect(health.engines.whisper).toBe("not configured");
    expect(health.maxConcurrentJobs).toBe(4);
  });

  it("leaves no files behind, whatever the outcome", async () => {
    expect(await readdir(runner.instanceDir)).toEqual([]);
  });
});
