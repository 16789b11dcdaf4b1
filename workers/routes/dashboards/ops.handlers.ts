import { opsSummary } from "../../dashboards/ops-summary";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./ops.routes";

export const summary: AppRouteHandler<typeof routes.summary> = async (c) => {
  return c.json(await opsSummary(c.env, c.get("membership").workspaceId), 200, { "Cache-Control": "no-store" });
};
