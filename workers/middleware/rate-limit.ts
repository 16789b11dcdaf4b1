/**
 * Rate limits, each a token bucket in its own RateLimiter Durable Object (sharded by key):
 * per client address on the sign-in endpoints (and per account and address on password sign-in,
 * see `enforceSignInLimit`), and on every workspace request one
 * bucket for the workspace and one for the credential (the API key, or the user in that
 * workspace), sized by the workspace's plan.
 *
 * Headers follow the IETF httpapi RateLimit draft (structured fields): `RateLimit-Policy` lists
 * the policies (`q` quota, `w` window in seconds), `RateLimit` what is left of each (`r`
 * remaining, `t` seconds until the bucket is full); a 429 adds `Retry-After`.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { BucketDecision, BucketPolicy, SignInPolicies } from "../../durable-objects/rate-limiter";
import type { AppEnv } from "../lib/context";
import { AppError } from "../lib/errors";
import { cachedPlan } from "../quotas/plan-cache";

interface NamedDecision {
  name: string;
  policy: BucketPolicy;
  decision: BucketDecision;
}

function limiter(env: Env, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

function setHeaders(c: Context<AppEnv>, decisions: NamedDecision[]): void {
  c.header(
    "RateLimit-Policy",
    decisions.map((d) => `"${d.name}";q=${d.policy.capacity};w=${d.policy.windowSeconds}`).join(", "),
  );
  c.header(
    "RateLimit",
    decisions.map((d) => `"${d.name}";r=${d.decision.remaining};t=${d.decision.resetSeconds}`).join(", "),
  );
}

function rateLimited(refused: NamedDecision): AppError {
  const { decision, policy, name } = refused;
  return new AppError(
    429,
    "rate_limited",
    "Too many requests",
    `The ${name} rate limit of ${policy.capacity} requests per ${policy.windowSeconds} s is used up; retry in ${decision.retryAfterSeconds} s.`,
    {
      quota: `rate_limit_${name}`,
      limit: policy.capacity,
      current: policy.capacity - decision.remaining,
      windowSeconds: policy.windowSeconds,
    },
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/** Takes a token from the bucket named `key`; 429 with Retry-After when it is empty. */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  key: string,
  policy: BucketPolicy,
  name: string,
): Promise<void> {
  const decision = await limiter(c.env, key).take(policy);
  const named = { name, policy, decision };
  setHeaders(c, [named]);
  if (!decision.allowed) throw rateLimited(named);
}

/**
 * The plan's limits for the request's workspace and credential. Both buckets live in the
 * workspace's RateLimiter and are taken in one call, all or nothing, so a refused request costs
 * no quota anywhere and the check is a single Durable Object round trip.
 */
export async function enforceApiRateLimits(c: Context<AppEnv>): Promise<void> {
  if (c.env.API_RATE_LIMITS === "off") return;
  const { workspaceId } = c.get("membership");
  const principal = c.get("principal");
  const { rateLimits } = (await cachedPlan(c.env, workspaceId)).limits;
  const credentialBucket = principal.kind === "apiKey" ? `key:${principal.keyId}` : `user:${principal.userId}`;
  const [workspace, credential] = await limiter(c.env, `ws:${workspaceId}`).takeAll(
    [
      { bucket: "bucket", policy: rateLimits.workspace, cost: 1 },
      { bucket: credentialBucket, policy: rateLimits.credential, cost: 1 },
    ],
    workspaceId,
  );
  const decisions: NamedDecision[] = [
    { name: "workspace", policy: rateLimits.workspace, decision: workspace! },
    { name: "credential", policy: rateLimits.credential, decision: credential! },
  ];
  setHeaders(c, decisions);
  const refused = decisions.find((d) => !d.decision.allowed);
  if (refused) throw rateLimited(refused);
}

/** The caller's address as Cloudflare reports it. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/**
 * The address a limit counts against: the IPv4 address, or the /64 an IPv6 address lies in
 * (one subscriber holds a whole /64, so counting single IPv6 addresses would limit nothing).
 */
export function clientAddress(c: Context<AppEnv>): string {
  const ip = clientIp(c);
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mappedV4) return mappedV4[1]!;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Limits an unauthenticated endpoint per client address, so credential stuffing is slowed down. */
export function rateLimitByIp(scope: string): MiddlewareHandler<AppEnv> {
  return async function rateLimitByIp(c, next) {
    const capacity = Number(c.env.AUTH_RATE_LIMIT_PER_MINUTE) || 30;
    await enforceRateLimit(c, `ip:${scope}:${clientAddress(c)}`, { capacity, windowSeconds: 60 }, "ip");
    await next();
  };
}

/**
 * Password sign-in limits for one account, on top of the per-address limit of the endpoint.
 * A single per-account bucket would let anyone lock an account out by its email, so the account
 * has one bucket per client address (10 guesses per 5 minutes each) and a slower global bucket
 * (50 per hour) that only addresses which never signed in to the account draw from. Guessing
 * from many addresses stalls at the global bucket; the owner, from an address they signed in
 * from before (remembered 90 days), shares no bucket with the guesser and is never locked out.
 */
export const SIGN_IN_POLICIES: SignInPolicies = {
  perAddress: { capacity: 10, windowSeconds: 300 },
  perAccount: { capacity: 50, windowSeconds: 3600 },
  knownForSeconds: 90 * 24 * 3600,
};

const signInLimiter = (c: Context<AppEnv>, email: string) => limiter(c.env, `login:${email}`);

/** Takes one password attempt on `email` (normalised) from the caller's address; 429 when refused. */
export async function enforceSignInLimit(c: Context<AppEnv>, email: string): Promise<void> {
  const { decisions } = await signInLimiter(c, email).takeSignIn(clientAddress(c), SIGN_IN_POLICIES);
  setHeaders(c, decisions);
  const refused = decisions.find((d) => !d.decision.allowed);
  if (refused) throw rateLimited(refused);
}

/** Records a successful sign-in to `email` from the caller's address, which becomes known to the account. */
export async function recordSignIn(c: Context<AppEnv>, email: string): Promise<void> {
  await signInLimiter(c, email).rememberSignIn(clientAddress(c));
}
