/**
 * `Cache-Control: no-store` on every answer the Worker gives, unless the handler chose its own
 * policy. Nearly everything here is either authenticated (member lists, job results) or carries a
 * credential (session tokens, a new API key, a webhook secret), and a shared or browser cache must
 * keep none of it; a default is what makes a forgotten header impossible. The public API
 * documentation is left alone, and static console assets never reach the Worker (wrangler.toml).
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";

/** Public, credential-free documents that a cache may keep. */
const PUBLIC_DOCUMENTS = new Set(["/api/v1/openapi.json", "/docs"]);

/** Sets `Cache-Control: no-store` on answers whose handler set no cache policy. */
export function noStoreByDefault(): MiddlewareHandler<AppEnv> {
  return async function noStoreByDefault(c, next) {
    await next();
    // A WebSocket upgrade is not cacheable anyway, and its response must stay the one the hub made.
    if (c.res.status === 101 || c.res.headers.has("Cache-Control")) return;
    if (PUBLIC_DOCUMENTS.has(new URL(c.req.url).pathname)) return;
    c.header("Cache-Control", "no-store");
  };
}
