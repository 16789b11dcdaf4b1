/**
 * Which workspace a request acts in (DESIGN.md §4 rule 5): the API key's, else the one named by
 * the Zukai-Workspace header, else the user's personal workspace. A workspace the caller does not
 * belong to answers 404, exactly like one that does not exist.
 */
import type { Context, MiddlewareHandler } from "hono";
import { personalWorkspaceOf } from "../auth/accounts";
import type { AppEnv, Membership } from "../lib/context";
import { notFound, unauthorized } from "../lib/errors";
import { principalMembership } from "../workspaces/principal";
import { enforceApiRateLimits } from "./rate-limit";

export const WORKSPACE_HEADER = "Zukai-Workspace";

async function membershipFor(c: Context<AppEnv>, workspaceId: string | undefined): Promise<Membership> {
  const principal = c.get("principal");
  if (principal.kind === "apiKey") {
    if (workspaceId && workspaceId !== principal.workspaceId) throw notFound("workspace");
    // A key acts with the smaller of its role and its creator's current one (workspaces/principal.ts).
    const membership = await principalMembership(c.env, principal.workspaceId, principal);
    if (!membership) throw unauthorized("invalid_api_key", "The API key's creator no longer belongs to its workspace.");
    return membership;
  }
  let target = workspaceId;
  if (!target) {
    target = await personalWorkspaceOf(c.env, principal.userId);
    if (!target) throw unauthorized("invalid_token", "The token's user no longer exists.");
  }
  const membership = await principalMembership(c.env, target, principal);
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
