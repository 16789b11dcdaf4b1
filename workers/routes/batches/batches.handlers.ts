import { requestAuditBody } from "../../audit/record";
import { createBatch, getBatch } from "../../batches/batches";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./batches.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  // Each job a batch creates is a job creation of its own, recorded with the job; the batch with its row.
  const batch = await createBatch(c.env, actor, c.req.valid("json"), {
    job: ({ job, batchId }) =>
      requestAuditBody(c, actor.workspaceId, {
        action: "job.create",
        target: { type: "job", id: job.id },
        after: { kind: job.kind, batchId },
      }),
    batch: (batch) =>
      requestAuditBody(c, actor.workspaceId, {
        action: "batch.create",
        target: { type: "batch", id: batch.id },
        after: { items: batch.items },
      }),
  });
  return c.json(batch, 201, { Location: `/api/v1/batch/${batch.id}` });
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  return c.json(await getBatch(c.env, c.get("membership").workspaceId, c.req.valid("param").id), 200);
};
