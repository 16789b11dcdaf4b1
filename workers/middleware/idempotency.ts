import type { MiddlewareHandler } from "hono";
import { claimIdempotencyKey, completeIdempotencyKey, findIdempotencyKey, releaseIdempotencyKey } from "../jobs/idempotency-store";
import { fingerprintBody } from "../lib/body-fingerprint";
import type { AppEnv } from "../lib/context";
import { AppError, badRequest } from "../lib/errors";
import { multipartBoundary } from "../storage/multipart";

const inProgress = () =>
  new AppError(409, "idempotency_in_progress", "Conflict", "A request with this Idempotency-Key is still being processed.", {}, { "Retry-After": "1" });

/**
 * `Idempotency-Key` on a POST that creates work: the same key with the same body returns the
 * first response again (`Idempotent-Replayed: true`); with another body, 422; while the first is
 * still running, 409. Keys live 24 h per workspace. Only successful responses are kept, so a
 * refused request can be corrected and retried under the same key.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async function idempotency(c, next) {
    const key = c.req.header("Idempotency-Key");
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw badRequest("invalid_idempotency_key", "Idempotency-Key must be 1–255 visible ASCII characters.");
    const { workspaceId } = c.get("membership");
    const path = new URL(c.req.url).pathname;
    const tapped = fingerprintBody(c.req.raw.body, multipartBoundary(c.req.header("Content-Type")));

    // Claim first: a new key (the usual case) costs one D1 write; only a known key is read.
    if (!(await claimIdempotencyKey(c.env, workspaceId, key, c.req.method, path))) {
      const existing = await findIdempotencyKey(c.env, workspaceId, key);
      if (existing) {
        if (existing.status === "in_progress") throw inProgress();
        await tapped.body.pipeTo(new WritableStream());
        if (existing.method !== c.req.method || existing.path !== path || existing.fingerprint !== (await tapped.fingerprint)) {
          throw new AppError(422, "idempotency_key_reused", "Idempotency-Key reused", "This key was used with another request; use a new key for new work.");
        }
        const headers: Record<string, string> = { "Content-Type": "application/json", "Idempotent-Replayed": "true" };
        if (existing.responseLocation) headers.Location = existing.responseLocation;
        return c.body(existing.responseBody ?? "", existing.responseStatus as 200, headers);
      }
      // The key had expired (the read removed it): claim it afresh.
      if (!(await claimIdempotencyKey(c.env, workspaceId, key, c.req.method, path))) throw inProgress();
    }

    c.req.raw = new Request(c.req.raw, { body: tapped.body });
    try {
      await next();
    } catch (error) {
      await releaseIdempotencyKey(c.env, workspaceId, key);
      throw error;
    }
    if (c.res.status >= 300) {
      await releaseIdempotencyKey(c.env, workspaceId, key);
      return;
    }
    await completeIdempotencyKey(c.env, workspaceId, key, {
      fingerprint: await tapped.fingerprint,
      status: c.res.status,
      body: await c.res.clone().text(),
      location: c.res.headers.get("Location"),
    });
  };
}
