/**
 * One RateLimiter per limited key (an IP on the auth endpoints, an API key, a user…), so no
 * single object becomes a global hot spot. A Durable Object runs one call at a time, which makes
 * the token bucket exact under any concurrency: N requests over a limit of L → exactly L pass.
 */
import { DurableObject } from "cloudflare:workers";

export interface BucketPolicy {
  /** Tokens the bucket holds when full (the burst). */
  capacity: number;
  /** Length of the window in which `capacity` tokens refill. */
  windowSeconds: number;
}

export interface BucketDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is available (0 when allowed). */
  retryAfterSeconds: number;
}

interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export class RateLimiter extends DurableObject<Env> {
  /** Takes `cost` tokens if the bucket holds them; refills continuously at capacity/window. */
  take(policy: BucketPolicy, cost = 1): BucketDecision {
    const now = Date.now();
    const ratePerMs = policy.capacity / (policy.windowSeconds * 1000);
    const saved = this.ctx.storage.kv.get<BucketState>("bucket");
    const elapsed = saved ? Math.max(0, now - saved.updatedAtMs) : 0;
    const available = saved ? Math.min(policy.capacity, saved.tokens + elapsed * ratePerMs) : policy.capacity;
    const allowed = available >= cost;
    const tokens = allowed ? available - cost : available;
    this.ctx.storage.kv.put<BucketState>("bucket", { tokens, updatedAtMs: now });
    return {
      allowed,
      limit: policy.capacity,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((policy.capacity - tokens) / ratePerMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / ratePerMs / 1000)),
    };
  }
}
