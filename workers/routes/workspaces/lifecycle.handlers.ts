import { requestAuditBody } from "../../audit/record";
import { AppError } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import { restoreWorkspace, scheduleDeletion } from "../../workspaces/deletion";
import { settingsOf, updateWorkspace } from "../../workspaces/settings";
import type * as routes from "./lifecycle.routes";
import { toResource } from "./workspaces.handlers";

const userTokenRequired = () =>
  new AppError(
    403,
    "user_token_required",
    "Forbidden",
    "Only a signed-in user can delete or restore a workspace, not an API key.",
  );

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const membership = c.get("membership");
  const body = c.req.valid("json");
  const summary = (w: { name: string; settings: unknown }) => ({ name: w.name, settings: w.settings });
  const { after } = await updateWorkspace(c.env, membership.workspaceId, body, ({ before, after }) =>
    requestAuditBody(c, membership.workspaceId, {
      action: "workspace.updated",
      target: { type: "workspace", id: after.id },
      before: summary(before),
      after: summary(after),
    }),
  );
  if (body.settings) {
    // Members with the workspace open see the new defaults at once.
    const hub = c.env.WORKSPACE_HUB.get(c.env.WORKSPACE_HUB.idFromName(membership.workspaceId));
    await hub.publish({ type: "settings:updated", settings: settingsOf(after), by: c.get("principal").userId });
  }
  return c.json(toResource({ ...after, role: membership.role }), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const principal = c.get("principal");
  const membership = c.get("membership");
  if (principal.kind !== "user") throw userTokenRequired();
  const workspace = await scheduleDeletion(
    c.env,
    membership.workspaceId,
    principal.userId,
    c.req.valid("json").confirm,
    (workspace) =>
      requestAuditBody(c, workspace.id, {
        action: "workspace.deletion_scheduled",
        target: { type: "workspace", id: workspace.id },
        after: { deletionScheduledAt: workspace.deletionScheduledAt, deletesAt: workspace.deletesAt },
      }),
  );
  const exportFirst = {
    method: "POST" as const,
    href: `/api/v1/workspaces/${workspace.id}/exports`,
    description: `Export the workspace's data before ${workspace.deletesAt}; after that it is gone. Restore with POST /api/v1/workspaces/${workspace.id}/restore.`,
  };
  return c.json({ workspace: toResource({ ...workspace, role: membership.role }), exportFirst }, 202);
};

export const restore: AppRouteHandler<typeof routes.restore> = async (c) => {
  const membership = c.get("membership");
  if (c.get("principal").kind !== "user") throw userTokenRequired();
  const { workspaceId } = membership;
  const workspace = await restoreWorkspace(c.env, workspaceId, () =>
    requestAuditBody(c, workspaceId, {
      action: "workspace.deletion_canceled",
      target: { type: "workspace", id: workspaceId },
    }),
  );
  return c.json(toResource({ ...workspace, role: membership.role }), 200);
};
