/** One way to make a router, so every route validates the same way (422 problem documents). */
import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { validationFailed } from "./errors";
import { withDeclaredPermission } from "./route-permission";

/** A router whose validation failures become 422 `validation_failed` problems. */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationFailed(
          result.error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message })),
        );
      }
    },
  });
  // Every route's permission goes into the OpenAPI document (x-permission), see route-permission.ts.
  const register = router.openapi;
  router.openapi = ((route, handler, hook) =>
    register(withDeclaredPermission(route), handler, hook)) as typeof router.openapi;
  return router;
}

/** A handler typed by its route declaration. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
