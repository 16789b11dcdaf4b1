/**
 * SIGTERM to the runner process (what a container platform sends before stopping an instance):
 * the chunk being transcribed finishes, so its checkpoint is complete, then the stream ends
 * with a retryable error line and the process exits cleanly.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { linesOf, makeLongRecording, scratchDir, transcribeLines } from "./helpers.ts";

const SERVER = fileURLToPath(new URL("../../containers/media-runner/src/server.ts", import.meta.url));

describe("SIGTERM", () => {
  it("finishes the current chunk, ends the stream with a retryable error, then exits 0", async () => {
    const recording = await makeLongRecording(await scratchDir());
    const workDir = await mkdtemp(join(tmpdir(), "zukai-runner-sigterm-"));
    const child = spawn(process.execPath, ["--import", "tsx", SERVER], {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", RUNNER_WORK_DIR: workDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
      child.on("exit", () => reject(new Error("the runner exited before listening")));
    });

    let sent = false;
    const lines = await transcribeLines(url, recording, {
      onLine: (line) => {
        if (!sent && line.type === "progress" && line.currentOperation.startsWith("transcribing chunk 1/")) {
          sent = true;
          child.kill("SIGTERM");
        }
      },
    });

    expect(sent).toBe(true);
    // Chunk 0 was in progress when the signal came: it completes, and nothing after it starts.
    expect(linesOf(lines, "chunk").map((chunk) => chunk.index)).toEqual([0]);
    expect(lines.at(-1)).toMatchObject({ type: "error", code: "busy", retryable: true });
    expect(linesOf(lines, "result")).toEqual([]);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(await readdir(workDir)).toEqual([]);
    await rm(workDir, { recursive: true, force: true });
  });
});
