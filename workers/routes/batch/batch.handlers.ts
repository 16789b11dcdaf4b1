import { auditAll } from "../../audit/record";
import { createBatch, getBatch } from "../../batches/batches";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./batch.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const batch = await createBatch(c.env, actor, c.req.valid("json"));
  // Each job a batch created is a job creation of its own, recorded after the batch in one append.
  await auditAll(c, actor.workspaceId, [
    { action: "batch.create", target: { type: "batch", id: batch.id }, after: { items: batch.items } },
    ...batch.items.flatMap((item) =>
      "jobId" in item && item.jobId ? [{ action: "job.create", target: { type: "job", id: item.jobId }, after: { kind: item.kind, batchId: batch.id } }] : [],
    ),
  ]);
  return c.json(batch, 201, { Location: `/api/v1/batch/${batch.id}` });
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  return c.json(await getBatch(c.env, c.get("membership").workspaceId, c.req.valid("param").id), 200);
};
