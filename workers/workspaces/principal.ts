/**
 * One principal (DESIGN.md §7): what a user or an API key may do in a workspace right now. A key
 * acts with the smaller of its own role and its creator's current role, so a demotion, an
 * ownership transfer or a narrowed custom role narrows the creator's keys at once, and a key whose
 * creator left the workspace may do nothing. The request middleware, ws-tickets and the
 * WorkspaceHub all ask here; a privilege change then asks the hub to re-check its open sockets.
 */
import type { Membership, Principal } from "../lib/context";
import type { Permission } from "./permissions";
import { BUILT_IN_ROLES, type BuiltInRole } from "./permissions";
import { isBuiltInRole, permissionsOfRole, toPermissionSet } from "./roles";
import { loadMembership } from "./workspaces";

/** Who holds a socket or a ticket: a user, or one of the workspace's API keys and its creator. */
export interface Holder {
  userId: string;
  keyId: string | null;
}

function intersect(a: ReadonlySet<Permission>, b: ReadonlySet<Permission>): ReadonlySet<Permission> {
  return new Set([...a].filter((p) => b.has(p)));
}

/** The request's membership in a workspace, or undefined when the principal is not (or no longer) in it. */
export async function principalMembership(
  env: Env,
  workspaceId: string,
  principal: Principal,
): Promise<Membership | undefined> {
  const creator = await loadMembership(env, workspaceId, principal.userId);
  if (!creator || principal.kind === "user") return creator;
  const keyPermissions = await permissionsOfRole(env, workspaceId, principal.role);
  return { workspaceId, role: principal.role, permissions: intersect(keyPermissions, creator.permissions) };
}

/**
 * Every holder's permissions as D1 has them now (no isolate cache: the hub runs apart from the
 * isolate that made the change). Three reads in one round trip, whatever the number of holders.
 */
export async function currentPermissionsOf(
  env: Env,
  workspaceId: string,
  holders: readonly Holder[],
): Promise<(ReadonlySet<Permission> | undefined)[]> {
  if (holders.length === 0) return [];
  const [members, keys, roles] = await env.DB.batch([
    env.DB.prepare("SELECT user_id AS id, role FROM memberships WHERE workspace_id = ?").bind(workspaceId),
    env.DB.prepare(
      "SELECT id, role, created_by AS createdBy FROM api_keys WHERE workspace_id = ? AND revoked_at IS NULL",
    ).bind(workspaceId),
    env.DB.prepare("SELECT id, permissions FROM custom_roles WHERE workspace_id = ?").bind(workspaceId),
  ]);
  const roleOf = new Map((members!.results as { id: string; role: string }[]).map((m) => [m.id, m.role]));
  const keyOf = new Map((keys!.results as { id: string; role: string; createdBy: string }[]).map((k) => [k.id, k]));
  const custom = new Map(
    (roles!.results as { id: string; permissions: string }[]).map((r) => [
      r.id,
      toPermissionSet(JSON.parse(r.permissions) as string[]),
    ]),
  );
  const grant = (role: string): ReadonlySet<Permission> =>
    isBuiltInRole(role) ? BUILT_IN_ROLES[role as BuiltInRole] : (custom.get(role) ?? new Set());
  return holders.map((holder) => {
    const key = holder.keyId ? keyOf.get(holder.keyId) : undefined;
    if (holder.keyId && (!key || key.createdBy !== holder.userId)) return undefined;
    const memberRole = roleOf.get(holder.userId);
    if (memberRole === undefined) return undefined;
    return key ? intersect(grant(key.role), grant(memberRole)) : grant(memberRole);
  });
}
