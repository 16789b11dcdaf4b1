import { jobCreateAudit } from "../../audit/record";
import { acceptRecording, estimateRecording, recordingInputOf, wantsDryRun } from "../../intake/intake";
import { NO_RESULTS, toJobResource } from "../../jobs/job-resource";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./pipelines.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const input = await recordingInputOf(c.req);
  if (wantsDryRun(c.req.query("dryRun"), input))
    return c.json(await estimateRecording(c.env, actor, input, "pipeline"), 200);
  // The key (claimed by the idempotency middleware, with the job's id) and the audit entry go in the batch that creates the job.
  const job = await acceptRecording(c.env, actor, input, "pipeline", c.get("idempotency"), jobCreateAudit(c));
  return c.json(toJobResource(job, [], NO_RESULTS, [], "full"), 202, { Location: `/api/v1/jobs/${job.id}` });
};
