/**
 * Killing and restarting the test's runner processes through the control server of global-setup.
 * A test that kills a runner holds the pool's lease from before its job starts until the runner
 * is back (`withRunnerLease`), so parallel test files never take both runners down at once.
 */
import { env } from "cloudflare:test";
import { expect, inject } from "vitest";
import { waitForJob } from "./helpers";
import "./provided-context";

/**
 * Waits until a runner works on transcription job `id` and has checkpointed a chunk, then kills
 * that runner; answers which runner it was (its index for `restartRunner`, and its URL).
 */
export async function killRunnerMidJob(token: string, id: string): Promise<{ index: number; url: string }> {
  await waitForJob(token, id, (job) => job.status === "running" && job.progress > 0, 60_000);
  for (let i = 0; i < 300; i++) {
    const row = await env.DB.prepare("SELECT checkpoint FROM jobs WHERE id = ?")
      .bind(id)
      .first<{ checkpoint: string | null }>();
    if (row?.checkpoint && JSON.parse(row.checkpoint).chunksDone >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const killed = await fetch(`${inject("runnerControlUrl")}/kill-job/${id}`, { method: "POST" });
  expect(killed.status).toBe(200);
  return killed.json<{ index: number; url: string }>();
}

/** Starts runner `index` again. */
export async function restartRunner(index: number): Promise<void> {
  await fetch(`${inject("runnerControlUrl")}/runners/${index}/start`, { method: "POST" });
}

/** Runs `scenario` while holding the pool's kill lease (waiting for any other holder first). */
export async function withRunnerLease<T>(scenario: () => Promise<T>): Promise<T> {
  const control = inject("runnerControlUrl");
  expect((await fetch(`${control}/lease`, { method: "POST" })).status).toBe(200);
  try {
    return await scenario();
  } finally {
    await fetch(`${control}/lease/release`, { method: "POST" });
  }
}
