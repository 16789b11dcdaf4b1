import { jobCreateAudit } from "../../audit/record";
import { acceptRecording, estimateRecording, recordingInputOf, wantsDryRun } from "../../intake/intake";
import { NO_RESULTS, toJobResource } from "../../jobs/job-resource";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./transcribe.routes";

export const transcribe: AppRouteHandler<typeof routes.transcribe> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const input = await recordingInputOf(c.req);
  if (wantsDryRun(c.req.query("dryRun"), input))
    return c.json(await estimateRecording(c.env, actor, input, "transcription"), 200);
  // The key (claimed by the idempotency middleware, with the job's id) and the audit entry go in the batch that creates the job.
  const job = await acceptRecording(c.env, actor, input, "transcription", c.get("idempotency"), jobCreateAudit(c));
  return c.json(toJobResource(job, [], NO_RESULTS, [], "full"), 202, { Location: `/api/v1/jobs/${job.id}` });
};
