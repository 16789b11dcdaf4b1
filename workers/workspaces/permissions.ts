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
  "roles:read",
  "roles:manage",
  "glossary:manage",
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
  "data:export_own",
  "analytics:read",
  "alerts:read",
  "alerts:manage",
  "dashboards:read",
  "dashboards:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);

const VIEWER = new Set<Permission>([
  "workspace:read",
  "members:read",
  "projects:read",
  "jobs:read",
  "comments:create",
  "dashboards:read",
  "roles:read",
]);
const EDITOR = new Set<Permission>([
  ...VIEWER,
  "projects:create",
  "projects:update",
  "jobs:create",
  "jobs:cancel",
  "usage:read",
  "data:export_own",
]);
// Issue 7: admins manage members, projects and keys, see analytics and export data. What stays the
// owner's: the workspace itself (rename, settings, delete), billing, and deleting projects.
const ADMIN = new Set<Permission>([
  ...EDITOR,
  "members:manage",
  "roles:manage",
  "glossary:manage",
  "apikeys:manage",
  "analytics:read",
  "alerts:read",
  "alerts:manage",
  "dashboards:manage",
  "audit:read",
  "data:export",
]);

export const BUILT_IN_ROLES = {
  owner: ALL,
  admin: ADMIN,
  editor: EDITOR,
  viewer: VIEWER,
} as const satisfies Record<string, ReadonlySet<Permission>>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
export const BUILT_IN_ROLE_NAMES = Object.keys(BUILT_IN_ROLES) as BuiltInRole[];
