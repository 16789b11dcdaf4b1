import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";

/**
 * One Analytics Engine data point per request, indexed by workspace so per-tenant queries are
 * cheap. Written after the response is ready; a failed write never fails the request.
 */
export function recordRequest(): MiddlewareHandler<AppEnv> {
  return async function recordRequest(c, next) {
    const started = performance.now();
    await next();
    try {
      const workspaceId = c.get("membership")?.workspaceId ?? "";
      c.env.ANALYTICS?.writeDataPoint({
        indexes: [workspaceId || "anonymous"],
        blobs: [c.req.method, c.req.routePath, String(c.res.status), workspaceId, c.get("requestId")],
        doubles: [performance.now() - started, c.res.status],
      });
    } catch (error) {
      console.warn(JSON.stringify({ event: "analytics.write_failed", error: String(error) }));
    }
  };
}
