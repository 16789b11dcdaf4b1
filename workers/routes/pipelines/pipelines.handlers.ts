import { acceptRecording, estimateRecording, wantsDryRun } from "../../jobs/intake";
import { toJobResource } from "../../jobs/job-resource";
import type { AppRouteHandler } from "../../lib/router";
import { multipartBoundary } from "../../storage/multipart";
import type * as routes from "./pipelines.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const boundary = multipartBoundary(c.req.header("Content-Type"));
  const input = boundary
    ? { upload: { body: c.req.raw.body, boundary, contentLength: Number(c.req.header("Content-Length")) || 0 } }
    : { json: await c.req.json() };
  if (wantsDryRun(c.req.query("dryRun"), input)) return c.json(await estimateRecording(c.env, actor, input, "pipeline"), 200);
  const job = await acceptRecording(c.env, actor, input, "pipeline");
  return c.json(toJobResource(job), 202, { Location: `/api/v1/jobs/${job.id}` });
};
