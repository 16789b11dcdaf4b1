/**
 * The effective plan of a workspace, cached per isolate for a few seconds: the rate limiter reads
 * it on every request, and plans change rarely. A plan change drops the entry in the isolate that
 * made it; other isolates see it within the TTL. Quota checks that must be exact read D1 instead.
 */
import { loadBillingAccount } from "../billing/account";
import { PLANS, type Plan } from "../billing/plans";
import { TtlCache } from "../lib/ttl-cache";

const PLAN_TTL_MS = 10_000;
const plans = new TtlCache<Plan>(PLAN_TTL_MS);

/** The workspace's effective plan (free for a workspace that no longer exists). */
export async function cachedPlan(env: Pick<Env, "DB" | "WORKSPACE_HUB">, workspaceId: string): Promise<Plan> {
  const cached = plans.get(workspaceId);
  if (cached) return cached;
  const plan = (await loadBillingAccount(env, workspaceId))?.plan ?? PLANS.free;
  plans.set(workspaceId, plan);
  return plan;
}

/** Drops the cached plan after a change, so this isolate applies it at once. */
export function forgetPlan(workspaceId: string): void {
  plans.delete(workspaceId);
}
