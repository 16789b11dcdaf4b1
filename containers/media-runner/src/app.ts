/**
 * The runner's HTTP application (Hono), independent of how it is served: startRunner() serves it
 * on Node, tests may call app.request() directly.
 */
import { Hono } from "hono";
import type { RunnerConfig, RunnerOptions } from "./config.ts";
import { resolveConfig } from "./config.ts";
import type { Engines } from "./engines/registry.ts";
import { createEngines } from "./engines/registry.ts";
import { RunnerFailure, toRunnerFailure } from "./errors.ts";
import { JobRegistry } from "./jobs.ts";
import { OutputStore } from "./render/outputs.ts";
import { registerJobRoutes } from "./routes/jobs.ts";
import { registerOutputRoutes } from "./routes/outputs.ts";
import { registerRenderRoute } from "./routes/render.ts";
import { failureResponse } from "./routes/responses.ts";
import { registerTranscribeRoute } from "./routes/transcribe.ts";
import { createInstanceDir } from "./workspace.ts";

export interface RunnerApp {
  app: Hono;
  config: RunnerConfig;
  /** This runner's own directory under config.workDir; job directories live inside it. */
  instanceDir: string;
  registry: JobRegistry;
  engines: Engines;
  /** Finished render outputs waiting to be fetched. */
  outputs: OutputStore;
}

/** Builds the runner app and the job registry it shares with the server's shutdown logic. */
export function createRunnerApp(options: RunnerOptions = {}): RunnerApp {
  const config = resolveConfig(options);
  const instanceDir = createInstanceDir(config.workDir);
  const registry = new JobRegistry(config.maxConcurrentJobs);
  const engines = createEngines(config);
  const outputs = new OutputStore(instanceDir, config.outputTtlMs);
  const app = new Hono();
  registerJobRoutes(app, registry, engines);
  registerTranscribeRoute(app, { config, registry, engines, instanceDir });
  registerRenderRoute(app, { config, registry, outputs, instanceDir });
  registerOutputRoutes(app, outputs);
  app.notFound((c) =>
    failureResponse(c, new RunnerFailure("bad_request", `no route ${c.req.method} ${c.req.path}`, { status: 404 })),
  );
  app.onError((error, c) => {
    console.error("media runner: unexpected error", error);
    return failureResponse(c, toRunnerFailure(error));
  });
  return { app, config, instanceDir, registry, engines, outputs };
}
