/** Stored idempotency keys: claimed before the work, completed with the response it produced. */

import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { idempotencyKeys, jobs } from "../db/schema";
import { resultId } from "../jobs/result-ids";
import { forgetExpiredIdempotencyMarks, forgetIdempotencyMark } from "../jobs/transitions";
import { newId } from "../lib/ids";
import { isoIn, isoNow } from "../lib/time";
import { jobPrefix } from "../storage/keys";

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

/** The live record of a key, if any (an expired one is removed and ignored). */
export async function findIdempotencyKey(
  env: Env,
  workspaceId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const db = getDb(env);
  const row = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
    .get();
  if (row && row.expiresAt <= isoNow()) {
    await forgetIdempotencyKey(env, workspaceId, key);
    return undefined;
  }
  return row;
}

/** The job created under a key, if any: it is written with the key in the batch that creates it. */
export async function findJobOfIdempotencyKey(
  env: Env,
  workspaceId: string,
  key: string,
): Promise<typeof jobs.$inferSelect | undefined> {
  return getDb(env)
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.idempotencyKey, key)))
    .get();
}

/** Drops an expired key and its mark on the job it created, so the key can name new work. */
async function forgetIdempotencyKey(env: Env, workspaceId: string, key: string): Promise<void> {
  const db = getDb(env);
  await db.batch([
    db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key))),
    forgetIdempotencyMark(db, workspaceId, key),
  ]);
}

/**
 * How long a key may stay in progress without a job before another request may take it over: a
 * request whose isolate died (a crash, a restart) never completes or releases its key, and a
 * client retrying it would otherwise be told "in progress" for the key's whole 24 h.
 */
export const IN_PROGRESS_LEASE_SECONDS = 60;

/** A key held by the request that claimed it, and the id of the job that request creates. */
export interface IdempotencyClaim {
  key: string;
  jobId: string;
}

/**
 * Claims a key for a request (or takes over one abandoned in progress); undefined when another
 * request holds it. A takeover keeps the job id the key was first claimed with, so the retry of a
 * request that died writes over what that request stored instead of beside it.
 */
export async function claimIdempotencyKey(
  env: Env,
  workspaceId: string,
  key: string,
  method: string,
  path: string,
): Promise<IdempotencyClaim | undefined> {
  const row = await env.DB.prepare(
    `INSERT INTO idempotency_keys (workspace_id, key, method, path, status, job_id, created_at, expires_at) VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?)
     ON CONFLICT (workspace_id, key) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at, job_id = COALESCE(idempotency_keys.job_id, excluded.job_id)
     WHERE idempotency_keys.status = 'in_progress' AND idempotency_keys.created_at < ? AND idempotency_keys.method = excluded.method AND idempotency_keys.path = excluded.path
       AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.workspace_id = idempotency_keys.workspace_id AND jobs.idempotency_key = idempotency_keys.key)
     RETURNING job_id AS jobId`,
  )
    .bind(
      workspaceId,
      key,
      method,
      path,
      newId("job"),
      isoNow(),
      isoIn(IDEMPOTENCY_TTL_SECONDS),
      isoIn(-IN_PROGRESS_LEASE_SECONDS),
    )
    .first<{ jobId: string }>();
  return row ? { key, jobId: row.jobId } : undefined;
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
    .set({
      status: "completed",
      fingerprint: outcome.fingerprint,
      responseStatus: outcome.status,
      responseBody: outcome.body,
      responseLocation: outcome.location,
    })
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
}

/** Frees a key whose request did not create anything, so the client may retry with it. */
export async function releaseIdempotencyKey(env: Env, workspaceId: string, key: string): Promise<void> {
  await getDb(env)
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
}

/**
 * Removes expired keys and their marks on jobs (run by the scheduled handler). A key still in
 * progress when it expires belonged to a request that died and was never retried: what it stored
 * under the job id it reserved (a recording, a diagram's files) is removed with it, unless the job exists.
 */
export async function purgeExpiredIdempotencyKeys(env: Env): Promise<void> {
  const now = isoNow();
  const { results: abandoned } = await env.DB.prepare(
    "SELECT workspace_id AS workspaceId, job_id AS jobId FROM idempotency_keys k WHERE expires_at < ? AND status = 'in_progress' AND job_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = k.job_id) LIMIT 500",
  )
    .bind(now)
    .all<{ workspaceId: string; jobId: string }>();
  for (const { workspaceId, jobId } of abandoned) {
    for (const prefix of [jobPrefix(workspaceId, jobId), `ws/${workspaceId}/diagrams/${resultId("dgm", jobId)}/`]) {
      const listed = await env.MEDIA.list({ prefix, limit: 1000 });
      if (listed.objects.length) await env.MEDIA.delete(listed.objects.map((o) => o.key));
    }
  }
  await env.DB.batch([
    forgetExpiredIdempotencyMarks(env, now),
    env.DB.prepare("DELETE FROM idempotency_keys WHERE expires_at < ?").bind(now),
  ]);
}
