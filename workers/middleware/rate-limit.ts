import type { Context, MiddlewareHandler } from "hono";
import type { BucketPolicy } from "../../durable-objects/rate-limiter";
import type { AppEnv } from "../lib/context";
import { AppError } from "../lib/errors";

/** Takes a token from the bucket named `key`; 429 with Retry-After when it is empty. */
export async function enforceRateLimit(c: Context<AppEnv>, key: string, policy: BucketPolicy): Promise<void> {
  const limiter = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key));
  const decision = await limiter.take(policy);
  // IETF httpapi-ratelimit-headers: the policy in force and what is left of it.
  c.header("RateLimit-Policy", `${policy.capacity};w=${policy.windowSeconds}`);
  c.header("RateLimit", `limit=${decision.limit}, remaining=${decision.remaining}, reset=${decision.resetSeconds}`);
  if (!decision.allowed) {
    throw new AppError(429, "rate_limited", "Too many requests", `Retry in ${decision.retryAfterSeconds} s.`,
      { limit: decision.limit, windowSeconds: policy.windowSeconds },
      { "Retry-After": String(decision.retryAfterSeconds) });
  }
}

/** The caller's address as Cloudflare reports it. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/** Limits an unauthenticated endpoint per client IP, so credential stuffing is slowed down. */
export function rateLimitByIp(scope: string): MiddlewareHandler<AppEnv> {
  return async function rateLimitByIp(c, next) {
    const capacity = Number(c.env.AUTH_RATE_LIMIT_PER_MINUTE) || 30;
    await enforceRateLimit(c, `ip:${scope}:${clientIp(c)}`, { capacity, windowSeconds: 60 });
    await next();
  };
}
