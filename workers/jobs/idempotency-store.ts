/** Stored idempotency keys: claimed before the work, completed with the response it produced. */
import { and, eq, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { isoIn, isoNow } from "../lib/time";

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

/** The live record of a key, if any (an expired one is removed and ignored). */
export async function findIdempotencyKey(env: Env, workspaceId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const db = getDb(env);
  const row = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key))).get();
  if (row && row.expiresAt <= isoNow()) {
    await releaseIdempotencyKey(env, workspaceId, key);
    return undefined;
  }
  return row;
}

/** Claims a key for a request; false when another request holds it already. */
export async function claimIdempotencyKey(env: Env, workspaceId: string, key: string, method: string, path: string): Promise<boolean> {
  const result = await env.DB.prepare(
    "INSERT OR IGNORE INTO idempotency_keys (workspace_id, key, method, path, status, created_at, expires_at) VALUES (?, ?, ?, ?, 'in_progress', ?, ?)",
  )
    .bind(workspaceId, key, method, path, isoNow(), isoIn(IDEMPOTENCY_TTL_SECONDS))
    .run();
  return result.meta.changes === 1;
}

/** Records the response a claimed key produced, for replays. */
export async function completeIdempotencyKey(
  env: Env,
  workspaceId: string,
  key: string,
  outcome: { fingerprint: string; status: number; body: string; location: string | null },
): Promise<void> {
  await getDb(env)
    .update(idempotencyKeys)
    .set({ status: "completed", fingerprint: outcome.fingerprint, responseStatus: outcome.status, responseBody: outcome.body, responseLocation: outcome.location })
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
}

/** Frees a key whose request did not create anything, so the client may retry with it. */
export async function releaseIdempotencyKey(env: Env, workspaceId: string, key: string): Promise<void> {
  await getDb(env).delete(idempotencyKeys).where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
}

/** Removes expired keys (run by the scheduled handler). */
export async function purgeExpiredIdempotencyKeys(env: Env): Promise<void> {
  await getDb(env).delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, isoNow()));
}
