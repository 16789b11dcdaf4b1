import { toJobResource } from "../../jobs/job-resource";
import { cancelJob } from "../../jobs/cancel";
import { getJob, listArtifacts, listJobs, listWebhookDeliveries } from "../../jobs/jobs";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { findTranscriptOfJob } from "../../transcripts/transcripts";
import type * as routes from "./jobs.routes";

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const rows = await listJobs(c.env, c.get("membership").workspaceId, filters, limit, decodeCursor(cursor));
  const page = toPage(rows, limit);
  return c.json({ items: page.items.map((job) => toJobResource(job)), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { workspaceId } = c.get("membership");
  const job = await getJob(c.env, workspaceId, c.req.valid("param").id);
  const [artifacts, transcript, webhooks] = await Promise.all([
    listArtifacts(c.env, workspaceId, job.id),
    findTranscriptOfJob(c.env, workspaceId, job.id),
    listWebhookDeliveries(c.env, workspaceId, job.id),
  ]);
  return c.json(toJobResource(job, artifacts, transcript?.id ?? null, webhooks), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const job = await cancelJob(c.env, c.get("membership").workspaceId, c.req.valid("param").id);
  return c.json(toJobResource(job), 200);
};
