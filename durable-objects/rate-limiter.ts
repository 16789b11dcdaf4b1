/**
 * One RateLimiter per limited key (an IP or an account on the auth endpoints — an account's object
 * also remembers the addresses that signed in to it — a workspace with the
 * buckets of its credentials), so no single object becomes a global hot spot. A Durable Object runs one call at a time and
 * `take` never awaits, which makes the token bucket exact under any concurrency: N requests over
 * a limit of L → exactly L pass.
 *
 * A workspace's bucket also counts the API calls it let through, per minute, and writes each
 * finished minute to the usage ledger from an alarm: one D1 write per workspace per active
 * minute instead of one per request. The row id names the minute, so a repeated flush adds nothing.
 */
import { DurableObject } from "cloudflare:workers";
import { apiCallsUsage, usageStatement } from "../workers/usage/ledger";

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

/** The limits of one account's password sign-ins (see `takeSignIn`). */
export interface SignInPolicies {
  /** Attempts on this account from one client address. */
  perAddress: BucketPolicy;
  /** Attempts on this account from addresses that never signed in to it: the slow global bucket. */
  perAccount: BucketPolicy;
  /** How long a successful sign-in makes its address "known" to the account. */
  knownForSeconds: number;
}

/** What `takeSignIn` decided, bucket by bucket ("account" only for an unknown address). */
export interface SignInDecision {
  known: boolean;
  decisions: { name: "account-address" | "account"; policy: BucketPolicy; decision: BucketDecision }[];
}

/** Addresses an account remembers; older ones are forgotten first. */
const KNOWN_ADDRESSES_KEPT = 10;

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

  /**
   * A password attempt on the account this object is named for, from client address `address`.
   * Two buckets, taken together: one per (account, address), and the account's global bucket,
   * which addresses that signed in to the account before do not touch. Someone guessing from
   * many addresses runs into the global bucket, while the owner, signing in from an address they
   * used before, never shares a bucket with the guesser, so an attacker cannot lock them out.
   */
  takeSignIn(address: string, policies: SignInPolicies): SignInDecision {
    const seenAt = this.ctx.storage.kv.get<number>(`known:${address}`);
    const known = seenAt !== undefined && Date.now() - seenAt < policies.knownForSeconds * 1000;
    const takes: BucketTake[] = [{ bucket: `address:${address}`, policy: policies.perAddress, cost: 1 }];
    if (!known) takes.push({ bucket: "account", policy: policies.perAccount, cost: 1 });
    const decisions = this.takeAll(takes);
    return {
      known,
      decisions: decisions.map((decision, i) => ({
        name: i === 0 ? "account-address" : "account",
        policy: takes[i]!.policy,
        decision,
      })),
    };
  }

  /** Remembers `address` after a successful sign-in and gives its bucket back in full. */
  rememberSignIn(address: string): void {
    this.ctx.storage.kv.put(`known:${address}`, Date.now());
    this.ctx.storage.kv.delete(`address:${address}`);
    const known = [...this.ctx.storage.kv.list<number>({ prefix: "known:" })].sort((a, b) => b[1] - a[1]);
    for (const [key] of known.slice(KNOWN_ADDRESSES_KEPT)) this.ctx.storage.kv.delete(key);
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
    const finished = [...this.ctx.storage.kv.list<number>({ prefix: "calls:" })].filter(
      ([key]) => Number(key.slice(6)) < currentMinute,
    );
    if (workspaceId && finished.length > 0) {
      await this.env.DB.batch(
        finished
          .filter(([, calls]) => calls > 0)
          .map(([key, calls]) => usageStatement(this.env, apiCallsUsage(workspaceId, Number(key.slice(6)), calls))),
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
    if (this.ctx.storage.kv.get<string>("workspaceId") !== workspaceId)
      this.ctx.storage.kv.put("workspaceId", workspaceId);
    this.ctx.storage.kv.put(key, (this.ctx.storage.kv.get<number>(key) ?? 0) + delta);
    // One alarm per minute, remembered in memory so the hot path does not ask storage each time;
    // it is set without awaiting (output gates hold the response until it is stored).
    if (this.flushAt > minute) return;
    this.flushAt = minute + MINUTE_MS + FLUSH_DELAY_MS;
    void this.ctx.storage
      .getAlarm()
      .then((alarm) => (alarm === null || alarm > this.flushAt ? this.ctx.storage.setAlarm(this.flushAt) : undefined));
  }
}
