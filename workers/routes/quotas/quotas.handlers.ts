import { loadBillingAccount } from "../../billing/account";
import { notFound } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import { quotaStatus } from "../../quotas/status";
import type * as routes from "./quotas.routes";

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const account = await loadBillingAccount(c.env, c.get("membership").workspaceId);
  if (!account) throw notFound("workspace");
  return c.json(await quotaStatus(c.env, account), 200);
};
