import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { newId } from "../lib/ids";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives every request an id (the caller's, when it is safe to echo) and returns it as X-Request-Id. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header("X-Request-Id");
    const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : newId("req");
    c.set("requestId", id);
    await next();
    c.header("X-Request-Id", id);
  };
}
