import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
} from "../../dashboards/dashboards";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./dashboards.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { workspaceId } = c.get("membership");
  const dashboard = await createDashboard(c.env, workspaceId, c.get("principal").userId, c.req.valid("json"));
  return c.json(dashboard, 201, { Location: `/api/v1/workspaces/${workspaceId}/dashboards/${dashboard.id}` });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const rows = await listDashboards(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor));
  return c.json(toPage(rows, limit), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  return c.json(await getDashboard(c.env, c.get("membership").workspaceId, c.req.valid("param").dashboardId), 200);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const dashboard = await updateDashboard(
    c.env,
    c.get("membership").workspaceId,
    c.req.valid("param").dashboardId,
    c.req.valid("json"),
  );
  return c.json(dashboard, 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  await deleteDashboard(c.env, c.get("membership").workspaceId, c.req.valid("param").dashboardId);
  return c.body(null, 204);
};
