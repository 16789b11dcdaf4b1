import { jobCreateAudit } from "../../audit/record";
import { NO_RESULTS, toJobResource } from "../../jobs/job-resource";
import type { AppRouteHandler } from "../../lib/router";
import { createVideoJob, estimateVideo } from "../../videos/create";
import { downloadVideoFile, getVideoJob, toVideoResource, type VideoFormat } from "../../videos/videos";
import type * as routes from "./videos.routes";

export const generate: AppRouteHandler<typeof routes.generate> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const request = c.req.valid("json");
  if (request.dryRun || c.req.query("dryRun") === "true")
    return c.json(await estimateVideo(c.env, actor, request), 200);
  const job = await createVideoJob(c.env, actor, request, jobCreateAudit(c), c.get("idempotency"));
  return c.json(toJobResource(job, [], NO_RESULTS, [], "full"), 202, { Location: `/api/v1/jobs/${job.id}` });
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const [id, format] = c.req.valid("param").file.split(".") as [string, VideoFormat | undefined];
  const job = await getVideoJob(c.env, c.get("membership").workspaceId, id);
  if (!format) return c.json(await toVideoResource(c.env, job), 200);
  return (await downloadVideoFile(c.env, job, format, c.req.header("Range"))) as never;
};
