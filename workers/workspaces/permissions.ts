/**
 * The permission vocabulary (`resource:action`) and the built-in roles. A membership's
 * permissions are resolved to a Set once per request, so every check is one lookup.
 */
export const PERMISSIONS = [
  "workspace:read",
  "workspace:update",
  "workspace:delete",
  "members:read",
  "members:manage",
  "roles:manage",
  "apikeys:manage",
  "projects:read",
  "projects:create",
  "projects:update",
  "projects:delete",
  "jobs:read",
  "jobs:create",
  "jobs:cancel",
  "comments:create",
  "usage:read",
  "billing:read",
  "billing:manage",
  "audit:read",
  "data:export",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);
const without = (...removed: Permission[]) => new Set(PERMISSIONS.filter((p) => !removed.includes(p)));

const VIEWER = new Set<Permission>(["workspace:read", "members:read", "projects:read", "jobs:read", "comments:create"]);
const EDITOR = new Set<Permission>([...VIEWER, "projects:create", "projects:update", "jobs:create", "jobs:cancel", "usage:read"]);

export const BUILT_IN_ROLES = {
  owner: ALL,
  admin: without("workspace:delete", "billing:manage"),
  editor: EDITOR,
  viewer: VIEWER,
} as const satisfies Record<string, ReadonlySet<Permission>>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
export const BUILT_IN_ROLE_NAMES = Object.keys(BUILT_IN_ROLES) as BuiltInRole[];

/** The permissions a role grants; an unknown role grants nothing. */
export function permissionsOf(role: string): ReadonlySet<Permission> {
  return Object.hasOwn(BUILT_IN_ROLES, role) ? BUILT_IN_ROLES[role as BuiltInRole] : new Set();
}
