/** One way to make a router, so every route validates the same way (422 problem documents). */
import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { validationFailed } from "./errors";

/** A router whose validation failures become 422 `validation_failed` problems. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationFailed(
          result.error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message })),
        );
      }
    },
  });
}

/** A handler typed by its route declaration. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
