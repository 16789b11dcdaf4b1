/** GET /healthz and DELETE /jobs/{jobId}. */
import type { Hono } from "hono";
import type { Engines } from "../engines/registry.ts";
import { readEngineLanguages, readEngineVersions } from "../engines/registry.ts";
import { RunnerFailure } from "../errors.ts";
import type { JobRegistry } from "../jobs.ts";
import type { RunnerHealth } from "../protocol.ts";
import { failureResponse } from "./responses.ts";

/** Registers the health and cancel routes. */
export function registerJobRoutes(app: Hono, registry: JobRegistry, engines: Engines): void {
  app.get("/healthz", async (c) => {
    const currentJobs = registry.ids;
    const health: RunnerHealth = {
      status: currentJobs.length > 0 || registry.shuttingDown ? "busy" : "idle",
      currentJobs,
      engines: await readEngineVersions(engines),
      languages: await readEngineLanguages(engines),
      maxConcurrentJobs: registry.maxConcurrentJobs,
    };
    return c.json(health);
  });

  app.delete("/jobs/:jobId", (c) => {
    const jobId = c.req.param("jobId");
    if (!registry.cancel(jobId)) {
      return failureResponse(
        c,
        new RunnerFailure("bad_request", `no job ${jobId} is running on this runner`, { status: 404 }),
      );
    }
    return c.json({ jobId, canceled: true });
  });
}
