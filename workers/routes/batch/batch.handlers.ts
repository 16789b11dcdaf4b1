import { createBatch, getBatch } from "../../batches/batches";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./batch.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const batch = await createBatch(c.env, actor, c.req.valid("json"));
  return c.json(batch, 201, { Location: `/api/v1/batch/${batch.id}` });
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  return c.json(await getBatch(c.env, c.get("membership").workspaceId, c.req.valid("param").id), 200);
};
