/**
 * Process entry point of the media runner:
 *   npx tsx containers/media-runner/src/server.ts
 * Environment: HOST (127.0.0.1), PORT (8790), RUNNER_WORK_DIR, MAX_CONCURRENT_JOBS,
 * MAX_UPLOAD_BYTES, SHUTDOWN_GRACE_MS, POCKETSPHINX_BIN, POCKETSPHINX_MODEL_DIR,
 * WHISPER_BIN, WHISPER_MODEL, WHISPER_VERSION, WHISPER_THREADS.
 * Importing this module only re-exports startRunner; it starts a server only when run directly.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startRunner } from "./start-runner.ts";

export { createRunnerApp } from "./app.ts";
export type { RunningRunner, StartRunnerOptions } from "./start-runner.ts";
export { startRunner } from "./start-runner.ts";

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8790);
  const host = process.env.HOST ?? "127.0.0.1";
  const runner = await startRunner({ port, host });
  console.log(`media runner listening on ${runner.url}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`media runner: ${signal} received, finishing current chunks`);
    runner.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("media runner: shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    console.error("media runner failed to start", error);
    process.exit(1);
  });
}
