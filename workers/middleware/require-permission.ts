import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { forbidden } from "../lib/errors";
import { markPermission } from "../lib/route-permission";
import type { Permission } from "../workspaces/permissions";

/** Refuses with 403 unless the caller's membership grants `permission`. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  const check: MiddlewareHandler<AppEnv> = async function requirePermission(c, next) {
    if (!c.get("membership").permissions.has(permission)) throw forbidden(permission);
    await next();
  };
  // The mark puts the permission into the OpenAPI document (lib/route-permission.ts).
  return markPermission(check, permission);
}
