import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { countRequest, metricsEnabled } from "../metrics/record";

/**
 * Records every API request once it is answered: a `Server-Timing: app;dur=…` header with the time
 * spent in the Worker (so a client can tell it from time on the way), the Prometheus request counter and latency
 * histogram (by route template, never the raw path, so ids do not explode the series), and one
 * Analytics Engine data point indexed by workspace so per-tenant queries are cheap. Neither does
 * I/O on the request path, and a failed write never fails the request.
 */
export function recordRequest(): MiddlewareHandler<AppEnv> {
  return async function recordRequest(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // Time spent in the Worker, for clients and load tests to tell it from time on the network.
    c.res.headers.append("Server-Timing", `app;dur=${(seconds * 1000).toFixed(1)}`);
    if (!metricsEnabled(c.env)) return;
    const route = c.req.routePath;
    countRequest(c, { method: c.req.method, route, status: c.res.status, seconds });
    try {
      const workspaceId = c.get("membership")?.workspaceId ?? "";
      const principal = c.get("principal");
      // blob1 tells request points from stage points (workers/metrics/record.ts) in the one dataset.
      c.env.ANALYTICS?.writeDataPoint({
        indexes: [workspaceId || "anonymous"],
        blobs: [
          "request",
          c.req.method,
          route,
          String(c.res.status),
          workspaceId,
          c.get("requestId"),
          principal?.kind ?? "anonymous",
        ],
        doubles: [seconds * 1000, c.res.status],
      });
    } catch (error) {
      console.warn(JSON.stringify({ event: "analytics.write_failed", error: String(error) }));
    }
  };
}
