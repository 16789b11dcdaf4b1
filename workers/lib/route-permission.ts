/**
 * Puts each route's permission into the OpenAPI document. `requirePermission(p)` marks its
 * middleware with `p`; when a route is registered (lib/router.ts) the mark becomes the operation's
 * `x-permission` extension and a sentence of its description. Routes that need no workspace
 * permission say so explicitly by spreading PUBLIC_ROUTE or AUTHENTICATED_ROUTE into createRoute.
 */
import type { RouteConfig } from "@hono/zod-openapi";

const PERMISSION_MARK = Symbol("zukai.permission");

/** Anyone may call it (health, login, register…). */
export const PUBLIC_ROUTE = { "x-permission": "none" } as const;
/** Any valid credential; the route checks what it needs itself (e.g. creating a workspace). */
export const AUTHENTICATED_ROUTE = { "x-permission": "authenticated" } as const;
/** A signed-in user's access token; API keys are refused (e.g. /me, leaving a workspace). */
export const USER_ROUTE = { "x-permission": "user" } as const;

/** Marks a permission-checking middleware with the permission it checks. */
export function markPermission<F extends object>(middleware: F, permission: string): F {
  Object.defineProperty(middleware, PERMISSION_MARK, { value: permission });
  return middleware;
}

function permissionOf(middleware: unknown): string | undefined {
  return typeof middleware === "function"
    ? (middleware as unknown as Record<symbol, string | undefined>)[PERMISSION_MARK]
    : undefined;
}

/** The route with `x-permission` and a description sentence; throws on a contradictory declaration. */
export function withDeclaredPermission<R extends RouteConfig>(route: R): R {
  const middleware =
    route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const checked = middleware.map(permissionOf).filter((p): p is string => p !== undefined);
  const declared = (route as Record<string, unknown>)["x-permission"] as string | undefined;
  if (checked.length > 1) throw new Error(`${route.method} ${route.path}: more than one requirePermission`);
  if (checked.length === 1 && declared !== undefined && declared !== checked[0]) {
    throw new Error(
      `${route.method} ${route.path}: x-permission '${declared}' contradicts requirePermission('${checked[0]}')`,
    );
  }
  const permission = checked[0] ?? declared;
  if (permission === undefined) return route;
  const sentence =
    permission === "none"
      ? "No credentials needed."
      : permission === "authenticated"
        ? "Needs a valid credential; no workspace permission."
        : permission === "user"
          ? "Needs a signed-in user's access token; API keys are refused."
          : permission === "operator"
            ? "Needs the operator token; workspace credentials are refused."
            : `Needs the \`${permission}\` permission in the workspace.`;
  return {
    ...route,
    "x-permission": permission,
    description: route.description ? `${route.description}\n\n${sentence}` : sentence,
  };
}
