/**
 * The main job end to end with real processes: a spoken recording through `zukai run` against
 * the local platform (wrangler dev + runner) → transcript, diagram and an MP4 checked by ffprobe.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/zukai";
import { type LocalPlatform, startLocalPlatform } from "../../scripts/local-platform.mjs";
import { speechWav } from "../fixtures/speech";

let platform: LocalPlatform;
let dir: string;
let apiKey: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-pipeline-"));
  platform = await startLocalPlatform({ port: 8795, runnerPort: 8796, persistTo: path.join(dir, "state") });
  const reg = await fetch(`${platform.url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      email: `pipeline-${Date.now()}@example.test`,
      password: "a long enough password",
      name: "Pipeline",
    }),
  }).then((r) => r.json());
  const key = await fetch(`${platform.url}/api/v1/workspaces/${reg.user.personalWorkspaceId}/api-keys`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${reg.tokens.accessToken}` },
    body: JSON.stringify({ name: "cli", role: "editor" }),
  }).then((r) => r.json());
  apiKey = key.key;
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function probe(file: string) {
  return JSON.parse(
    execFileSync("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", file], {
      encoding: "utf8",
    }),
  );
}

describe("zukai run", () => {
  it("turns a spoken recording into transcript, diagram and a 720p30 H.264/AAC video with captions", async () => {
    const audio = path.join(dir, "lecture.wav");
    writeFileSync(
      audio,
      speechWav(["First we collect the data.", "Then we analyse the results.", "Finally we draw the diagram."]),
    );
    const out = path.join(dir, "out");
    const code = await main([
      "run",
      audio,
      "--api",
      platform.url,
      "--key",
      apiKey,
      "--out",
      out,
      "--resolution",
      "720p",
      "--fps",
      "30",
      "--captions",
      "track",
    ]);
    expect(code).toBe(0);
    const [jobDir] = execFileSync("ls", [out], { encoding: "utf8" }).trim().split("\n");
    const files = (name: string) => path.join(out, jobDir!, name);

    expect(readFileSync(files("transcript.srt"), "utf8")).toMatch(/^1\n00:00:/);
    expect(readFileSync(files("diagram.svg"), "utf8")).toMatch(/^<svg/);
    const video = probe(files("video.mp4"));
    const v = video.streams.find((s: { codec_type: string }) => s.codec_type === "video");
    const a = video.streams.find((s: { codec_type: string }) => s.codec_type === "audio");
    expect(v).toMatchObject({ codec_name: "h264", width: 1280, height: 720, pix_fmt: "yuv420p", r_frame_rate: "30/1" });
    expect(a.codec_name).toBe("aac");
    expect(video.streams.some((s: { codec_type: string }) => s.codec_type === "subtitle")).toBe(true);
    const audioDuration = Number(probe(audio).format.duration);
    expect(Math.abs(Number(video.format.duration) - audioDuration)).toBeLessThan(0.2);
    const poster = readFileSync(files("poster.png"));
    expect(poster.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  }, 240_000);
});
