/**
 * One RateLimiter per limited key (an IP or an account on the auth endpoints, a workspace with the
 * buckets of its credentials), so no single object becomes a global hot spot. A Durable Object runs one call at a time and
 * `take` never awaits, which makes the token bucket exact under any concurrency: N requests over
 * a limit of L → exactly L pass.
 *
 * A workspace's bucket also counts the API calls it let through, per minute, and writes each
 * finished minute to the usage ledger from an alarm: one D1 write per workspace per active
 * minute instead of one per request. The row id names the minute, so a repeated flush adds nothing.
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

/** One bucket of a `takeAll`: its storage name, its policy and what the request costs. */
export interface BucketTake {
  bucket: string;
  policy: BucketPolicy;
  cost: number;
}

interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

const MINUTE_MS = 60_000;
/** A finished minute is flushed this long after it ends. */
const FLUSH_DELAY_MS = 1_000;

export class RateLimiter extends DurableObject<Env> {
  /** When the pending flush alarm fires (0: none known in this instance). */
  private flushAt = 0;

  /**
   * Takes `cost` tokens if the bucket holds them; refills continuously at capacity/window. With
   * `countFor`, an allowed call is counted as an API call of that workspace.
   */
  take(policy: BucketPolicy, cost = 1, countFor?: string): BucketDecision {
    return this.takeAll([{ bucket: "bucket", policy, cost }], countFor)[0]!;
  }

  /**
   * Takes from several buckets of this object at once, all or nothing: a request one bucket
   * refuses costs no token in the others. One call answers a request's every limit (the
   * workspace's and its credential's live in the workspace's object), so the hot path makes a
   * single Durable Object round trip and never has to refund.
   */
  takeAll(takes: BucketTake[], countFor?: string): BucketDecision[] {
    const now = Date.now();
    const levels = takes.map(({ bucket, policy }) => this.level(bucket, policy, now));
    const allowed = takes.every((t, i) => levels[i]! >= t.cost);
    const decisions = takes.map((t, i) => {
      const tokens = allowed ? levels[i]! - t.cost : levels[i]!;
      this.ctx.storage.kv.put<BucketState>(t.bucket, { tokens, updatedAtMs: now });
      const ratePerMs = t.policy.capacity / (t.policy.windowSeconds * 1000);
      return {
        allowed: levels[i]! >= t.cost,
        limit: t.policy.capacity,
        remaining: Math.floor(tokens),
        resetSeconds: Math.ceil((t.policy.capacity - tokens) / ratePerMs / 1000),
        retryAfterSeconds: levels[i]! >= t.cost ? 0 : Math.max(1, Math.ceil((t.cost - tokens) / ratePerMs / 1000)),
      };
    });
    if (allowed && countFor) this.count(countFor, now, 1);
    return decisions;
  }

  /** Tokens in a bucket now: what was left plus what refilled since, up to the capacity. */
  private level(bucket: string, policy: BucketPolicy, now: number): number {
    const saved = this.ctx.storage.kv.get<BucketState>(bucket);
    if (!saved) return policy.capacity;
    const ratePerMs = policy.capacity / (policy.windowSeconds * 1000);
    return Math.min(policy.capacity, saved.tokens + Math.max(0, now - saved.updatedAtMs) * ratePerMs);
  }

  /** Writes every finished minute's API-call count to the usage ledger. */
  override async alarm(): Promise<void> {
    const workspaceId = this.ctx.storage.kv.get<string>("workspaceId");
    const currentMinute = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const finished = [...this.ctx.storage.kv.list<number>({ prefix: "calls:" })].filter(([key]) => Number(key.slice(6)) < currentMinute);
    if (workspaceId && finished.length > 0) {
      await this.env.DB.batch(
        finished
          .filter(([, calls]) => calls > 0)
          .map(([key, calls]) =>
            this.env.DB.prepare(
              "INSERT OR IGNORE INTO usage_events (id, workspace_id, job_id, meter, quantity, occurred_at) VALUES (?, ?, NULL, 'api_calls', ?, ?)",
            ).bind(`use_api_${workspaceId}_${key.slice(6)}`, workspaceId, calls, new Date(Number(key.slice(6))).toISOString()),
          ),
      );
    }
    for (const [key] of finished) this.ctx.storage.kv.delete(key);
    this.flushAt = 0;
    if ([...this.ctx.storage.kv.list({ prefix: "calls:", limit: 1 })].length > 0) {
      this.flushAt = currentMinute + MINUTE_MS + FLUSH_DELAY_MS;
      await this.ctx.storage.setAlarm(this.flushAt);
    }
  }

  private count(workspaceId: string, atMs: number, delta: number): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    const key = `calls:${minute}`;
    if (this.ctx.storage.kv.get<string>("workspaceId") !== workspaceId) this.ctx.storage.kv.put("workspaceId", workspaceId);
    this.ctx.storage.kv.put(key, (this.ctx.storage.kv.get<number>(key) ?? 0) + delta);
    // One alarm per minute, remembered in memory so the hot path does not ask storage each time;
    // it is set without awaiting (output gates hold the response until it is stored).
    if (this.flushAt > minute) return;
    this.flushAt = minute + MINUTE_MS + FLUSH_DELAY_MS;
    void this.ctx.storage.getAlarm().then((alarm) => (alarm === null || alarm > this.flushAt ? this.ctx.storage.setAlarm(this.flushAt) : undefined));
  }
}
