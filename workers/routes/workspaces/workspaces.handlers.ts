import { audit, requestAuditBody } from "../../audit/record";
import { notFound } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { webhookSecretOf } from "../../webhooks/secrets";
import { settingsOf } from "../../workspaces/settings";
import { createWorkspace, getWorkspace, listWorkspacesOf, type WorkspaceWithRole } from "../../workspaces/workspaces";
import type * as routes from "./workspaces.routes";

/** A workspace as the API shows it, with the caller's role. */
export function toResource(w: WorkspaceWithRole) {
  return {
    id: w.id,
    name: w.name,
    kind: w.kind,
    plan: w.plan,
    role: w.role,
    settings: settingsOf(w),
    deletionScheduledAt: w.deletionScheduledAt,
    deletesAt: w.deletesAt,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "user") throw notFound("workspace");
  const workspace = await createWorkspace(c.env, principal.userId, c.req.valid("json").name, (workspace) =>
    requestAuditBody(c, workspace.id, {
      action: "workspace.create",
      target: { type: "workspace", id: workspace.id },
      after: { name: workspace.name },
    }),
  );
  return c.json(toResource(workspace), 201, { Location: `/api/v1/workspaces/${workspace.id}` });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const principal = c.get("principal");
  if (principal.kind === "apiKey") {
    // A key sees only the workspace it belongs to.
    const workspace = await getWorkspace(c.env, principal.workspaceId);
    return c.json(
      { items: workspace && !cursor ? [toResource({ ...workspace, role: principal.role })] : [], nextCursor: null },
      200,
    );
  }
  const rows = await listWorkspacesOf(c.env, principal.userId, limit, decodeCursor(cursor));
  const page = toPage(rows, limit);
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const membership = c.get("membership");
  const workspace = await getWorkspace(c.env, membership.workspaceId);
  if (!workspace) throw notFound("workspace");
  return c.json(
    { ...toResource({ ...workspace, role: membership.role }), permissions: [...membership.permissions].sort() },
    200,
  );
};

export const webhookSecret: AppRouteHandler<typeof routes.webhookSecret> = async (c) => {
  const { workspaceId } = c.get("membership");
  // A read, so no write to batch with: recorded before the secret leaves, so a read that cannot be recorded does not happen.
  await audit(c, workspaceId, { action: "webhook_secret.read", target: { type: "workspace", id: workspaceId } });
  return c.json({ secret: await webhookSecretOf(c.env, workspaceId) }, 200);
};
