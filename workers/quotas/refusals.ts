/**
 * Refusals for work over a quota: 402 when the plan's allowance is used up (an upgrade helps),
 * 429 when the limit is one of concurrency or rate (waiting helps). Every refusal names the
 * quota, its limit and the current use, so a client can tell what to do.
 */
import type { Context } from "hono";
import { loadBillingAccount } from "../billing/account";
import { gbToBytes } from "../billing/plans";
import type { AppEnv } from "../lib/context";
import { AppError } from "../lib/errors";

/** A quota refusal problem: status 402 or 429 with `quota`, `limit`, `current` and `unit`. */
export function quotaExceeded(
  status: 402 | 429,
  quota: string,
  limit: number | string,
  current: number | string,
  unit: string,
  detail: string,
  headers: Record<string, string> = {},
): AppError {
  return new AppError(
    status,
    status === 402 ? "quota_exceeded" : "concurrency_limited",
    status === 402 ? "Quota exceeded" : "Too many concurrent jobs",
    detail,
    { quota, limit, current, unit },
    headers,
  );
}

/** Which quota a D1 trigger refused (migration 0006_quota_triggers raises `quota_exceeded:<name>`), if any. */
export function triggeredQuota(error: unknown): "storage" | "projects" | undefined {
  // drizzle wraps the D1 error ("Failed query: …"); the trigger's message is on a cause.
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const match = /quota_exceeded:(storage|projects)/.exec(String((e as Error).message ?? e));
    if (match) return match[1] as "storage" | "projects";
  }
  return undefined;
}

/** Turns a D1 quota trigger failure into the 402 problem with the workspace's numbers. */
export async function explainQuotaRefusal(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  workspaceId: string | undefined,
  error: unknown,
): Promise<unknown> {
  const quota = triggeredQuota(error);
  if (!quota || !workspaceId) return error;
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) return error;
  if (quota === "projects") {
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM projects WHERE workspace_id = ?")
      .bind(workspaceId)
      .first<{ n: number }>();
    const limit = account.plan.limits.maxProjects ?? 0;
    return quotaExceeded(
      402,
      "projects",
      limit,
      row?.n ?? 0,
      "projects",
      `The ${account.plan.name} plan allows ${limit} projects.`,
    );
  }
  const row = await env.DB.prepare("SELECT COALESCE(SUM(size), 0) AS bytes FROM artifacts WHERE workspace_id = ?")
    .bind(workspaceId)
    .first<{ bytes: number }>();
  const limit = gbToBytes(account.plan.limits.maxStorageGB);
  return quotaExceeded(
    402,
    "storage",
    limit,
    row?.bytes ?? 0,
    "bytes",
    `The ${account.plan.name} plan stores up to ${account.plan.limits.maxStorageGB} GB; delete files or upgrade.`,
  );
}

/** For app.onError: the request's workspace, when the middleware resolved one. */
export function explainRequestError(c: Context<AppEnv>, error: unknown): Promise<unknown> {
  return explainQuotaRefusal(c.env, c.get("membership")?.workspaceId, error);
}

/** For the queue consumer: a trigger refusal as a permanent, named failure of the job. */
export function quotaFailureOf(error: unknown): AppError | undefined {
  const quota = triggeredQuota(error);
  return quota
    ? quotaExceeded(
        402,
        quota,
        "",
        "",
        quota === "storage" ? "bytes" : "projects",
        `The workspace's ${quota} quota is used up.`,
      )
    : undefined;
}
