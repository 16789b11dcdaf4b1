import { requestAuditBody } from "../../audit/record";
import { findDiagramOfJob } from "../../diagrams/store";
import { NO_RESULTS, optionsViewFor, toJobResource } from "../../jobs/job-resource";
import { getJob, listArtifacts, listJobs, listWebhookDeliveries } from "../../jobs/jobs";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { cancelJob } from "../../pipeline/cancel";
import { findTranscriptOfJob } from "../../transcripts/transcripts";
import type * as routes from "./jobs.routes";

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const { workspaceId, permissions } = c.get("membership");
  const rows = await listJobs(c.env, workspaceId, filters, limit, decodeCursor(cursor));
  const page = toPage(rows, limit);
  const view = optionsViewFor(permissions);
  return c.json(
    { items: page.items.map((job) => toJobResource(job, [], NO_RESULTS, [], view)), nextCursor: page.nextCursor },
    200,
  );
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { workspaceId, permissions } = c.get("membership");
  const jobId = c.req.valid("param").id;
  // All five reads are scoped to the workspace, so they go out together (one round trip of
  // waiting instead of two); a foreign or missing job still answers 404 before anything is shown.
  const [job, artifacts, transcript, diagram, webhooks] = await Promise.all([
    getJob(c.env, workspaceId, jobId),
    listArtifacts(c.env, workspaceId, jobId),
    findTranscriptOfJob(c.env, workspaceId, jobId),
    findDiagramOfJob(c.env, workspaceId, jobId),
    listWebhookDeliveries(c.env, workspaceId, jobId),
  ]);
  const results = {
    transcriptId: transcript?.id ?? null,
    diagram: diagram ? { id: diagram.id, quality: diagram.quality } : null,
  };
  return c.json(toJobResource(job, artifacts, results, webhooks, optionsViewFor(permissions)), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const { workspaceId } = c.get("membership");
  const jobId = c.req.valid("param").id;
  // The entry is written in the cancel's own batch, only if this request canceled the job.
  const job = await cancelJob(
    c.env,
    workspaceId,
    jobId,
    requestAuditBody(c, workspaceId, {
      action: "job.cancel",
      target: { type: "job", id: jobId },
      after: { status: "canceled" },
    }),
  );
  return c.json(toJobResource(job, [], NO_RESULTS, [], optionsViewFor(c.get("membership").permissions)), 200);
};
