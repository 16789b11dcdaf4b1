/**
 * `npm start` as a new user meets it: the start script brings the platform up on raw workerd, runs
 * its demo recording through `zukai run` to the end, and stops every child on Ctrl-C. A demo job
 * that stays queued (as it did while the script blocked its own event loop) fails here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/local-platform.mjs";

const PORT = 8810;
const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-start-"));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with everything printed once `pattern` appears; rejects if the script exits first. */
function waitFor(proc: ChildProcess, pattern: RegExp): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (pattern.test(output)) resolve(output);
    };
    proc.stdout!.on("data", read);
    proc.stderr!.on("data", read);
    proc.on("exit", (code) => reject(new Error(`start.mjs exited with ${code} before ${pattern}:\n${output}`)));
  });
}

/** True while something still answers at `url`, polled for up to 10 s (the runner drains before exiting). */
async function runnerAnswers(url: string): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (!up) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

describe("npm start", () => {
  it("runs the demo job to success and stops cleanly on Ctrl-C", async () => {
    const out = path.join(dir, "out");
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: ROOT,
      env: { ...process.env, ZUKAI_PORT: String(PORT), ZUKAI_STATE: path.join(dir, "state"), ZUKAI_OUT: out },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const printed = await waitFor(child, /Press Ctrl-C to stop\./);
    const jobId = /job (job_[0-9a-z]+) succeeded/.exec(printed)?.[1];
    expect(jobId, printed).toBeDefined();
    expect(readdirSync(path.join(out, jobId!)).sort()).toEqual([
      "diagram.json",
      "diagram.mmd",
      "diagram.svg",
      "poster.png",
      "transcript.srt",
      "transcript.txt",
      "video.mp4",
    ]);
    // The demo talk is spoken by flite, which pocketsphinx hears nearly verbatim: sentences, not word salad.
    const transcript = readFileSync(path.join(out, jobId!, "transcript.txt"), "utf8");
    expect(transcript).toMatch(/the host records the interview/i);
    expect(transcript.trim().split("\n").length).toBeGreaterThanOrEqual(6);

    const exited = new Promise<number | null>((resolve) => child!.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    const health = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`).then(
      () => "up",
      () => "down",
    );
    expect(health).toBe("down");
    // The runner too (start.mjs puts it on PORT + 3): an orphan would hold its port for the next run.
    expect(await runnerAnswers(`http://127.0.0.1:${PORT + 3}/healthz`)).toBe(false);
  }, 240_000);
});
