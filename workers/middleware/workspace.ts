/**
 * Which workspace a request acts in (DESIGN.md §4 rule 5): the API key's, else the one named by
 * the Zukai-Workspace header, else the user's personal workspace. A workspace the caller does not
 * belong to answers 404, exactly like one that does not exist.
 */
import type { Context, MiddlewareHandler } from "hono";
import { personalWorkspaceOf } from "../auth/accounts";
import type { AppEnv, Membership } from "../lib/context";
import { notFound, unauthorized } from "../lib/errors";
import { enforceApiRateLimits } from "./rate-limit";
import { permissionsOfRole } from "../workspaces/roles";
import { loadMembership } from "../workspaces/workspaces";

export const WORKSPACE_HEADER = "Zukai-Workspace";

async function membershipFor(c: Context<AppEnv>, workspaceId: string | undefined): Promise<Membership> {
  const principal = c.get("principal");
  if (principal.kind === "apiKey") {
    if (workspaceId && workspaceId !== principal.workspaceId) throw notFound("workspace");
    return { workspaceId: principal.workspaceId, role: principal.role, permissions: await permissionsOfRole(c.env, principal.workspaceId, principal.role) };
  }
  let target = workspaceId;
  if (!target) {
    target = await personalWorkspaceOf(c.env, principal.userId);
    if (!target) throw unauthorized("invalid_token", "The token's user no longer exists.");
  }
  const membership = await loadMembership(c.env, target, principal.userId);
  if (!membership) throw notFound("workspace");
  return membership;
}

/** For the flat product routes: resolves the workspace from the credential or the header. */
export function actInWorkspace(): MiddlewareHandler<AppEnv> {
  return async function actInWorkspace(c, next) {
    const named = c.req.header(WORKSPACE_HEADER);
    c.set("membership", await membershipFor(c, named || undefined));
    // The plan's rate limits apply once the workspace is known (middleware/rate-limit.ts).
    await enforceApiRateLimits(c);
    await next();
  };
}

/** For `/workspaces/{id}/…` routes: the workspace is the one in the path. */
export function workspaceFromPath(): MiddlewareHandler<AppEnv> {
  return async function workspaceFromPath(c, next) {
    const id = c.req.param("id");
    if (!id) throw notFound("workspace");
    c.set("membership", await membershipFor(c, id));
    await enforceApiRateLimits(c);
    await next();
  };
}
