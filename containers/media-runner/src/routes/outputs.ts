/** GET /outputs/{jobId}/{name} streams a finished render output; DELETE /outputs/{jobId} frees them. */

import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Context, Hono } from "hono";
import { RunnerFailure } from "../errors.ts";
import type { OutputStore } from "../render/outputs.ts";
import { failureResponse } from "./responses.ts";

const JOB_ID = /^[a-z]{2,4}_[0-9a-z]{26}$/;

function notFound(c: Context, what: string): Response {
  return failureResponse(c, new RunnerFailure("bad_request", `${what} is not on this runner`, { status: 404 }));
}

/** Registers the output routes; only known names of well-formed job ids ever reach the disk. */
export function registerOutputRoutes(app: Hono, outputs: OutputStore): void {
  app.get("/outputs/:jobId/:name", async (c) => {
    const { jobId, name } = c.req.param();
    const found = JOB_ID.test(jobId) ? await outputs.find(jobId, name) : undefined;
    if (!found) return notFound(c, `output ${name} of job ${jobId}`);
    const body = Readable.toWeb(createReadStream(found.path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      status: 200,
      headers: { "content-type": found.contentType, "content-length": String(found.size), "cache-control": "no-store" },
    });
  });

  app.delete("/outputs/:jobId", async (c) => {
    const jobId = c.req.param("jobId");
    if (!JOB_ID.test(jobId) || !(await outputs.remove(jobId))) return notFound(c, `no output of job ${jobId}`);
    return c.json({ jobId, deleted: true });
  });
}
