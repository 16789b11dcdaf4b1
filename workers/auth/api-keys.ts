/**
 * Workspace API keys (`zk_<prefix>_<secret>`): the whole key is shown once at creation; only its
 * SHA-256 (enough for 256 bits of randomness) and the visible prefix are stored.
 */

import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { apiKeys } from "../db/schema";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox } from "../events/outbox";
import { recheckSockets } from "../events/publish";
import { randomToken, sha256Hex } from "../lib/crypto";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { TtlCache } from "../lib/ttl-cache";

export const API_KEY_PREFIX = "zk_";
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyRecord = typeof apiKeys.$inferSelect;

// Keys are looked up on every request they make. A revocation clears this isolate's entry at
// once and other isolates' within the TTL (far inside the access-token lifetime).
const AUTH_CACHE_TTL_MS = 5_000;
const keysByHash = new TtlCache<ApiKeyRecord>(AUTH_CACHE_TTL_MS);

/** Creates a key for a workspace; returns the record and the one-time plaintext. */
export async function createApiKey(
  env: Env,
  workspaceId: string,
  input: { name: string; role: string },
  createdBy: string,
  audit: AuditOf<ApiKeyRecord>,
): Promise<{ record: ApiKeyRecord; key: string }> {
  const prefix = randomToken(6).replace(/[-_]/g, "x").slice(0, 8);
  const key = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
  const record: ApiKeyRecord = {
    id: newId("key"),
    workspaceId,
    name: input.name,
    prefix: `${API_KEY_PREFIX}${prefix}`,
    keyHash: await sha256Hex(key),
    role: input.role,
    createdBy,
    createdAt: isoNow(),
    lastUsedAt: null,
    revokedAt: null,
  };
  const db = getDb(env);
  await db.batch([db.insert(apiKeys).values(record), insertAuditRow(db, auditOutboxRow(workspaceId, audit(record)))]);
  await kickOutbox(env, workspaceId);
  return { record, key };
}

/** The live key matching a presented secret, or undefined. */
export async function findActiveApiKey(env: Env, presented: string): Promise<ApiKeyRecord | undefined> {
  if (!/^zk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/.test(presented)) return undefined;
  const keyHash = await sha256Hex(presented);
  const cached = keysByHash.get(keyHash);
  if (cached) return cached;
  const key = await getDb(env)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  if (key) keysByHash.set(keyHash, key);
  return key;
}

/** A live key of a workspace by its id (a ws-ticket names the key it was issued to), or undefined. */
export async function findActiveApiKeyById(
  env: Env,
  workspaceId: string,
  keyId: string,
): Promise<ApiKeyRecord | undefined> {
  return getDb(env)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .get();
}

/** Records use of a key at most once a minute, so reads do not turn into a write each. */
export async function touchApiKey(env: Env, key: ApiKeyRecord): Promise<void> {
  if (key.lastUsedAt && Date.now() - Date.parse(key.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
  key.lastUsedAt = isoNow();
  await getDb(env).update(apiKeys).set({ lastUsedAt: key.lastUsedAt }).where(eq(apiKeys.id, key.id));
}

/** A page of a workspace's keys, newest first. */
export async function listApiKeys(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<ApiKeyRecord[]> {
  return getDb(env)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), afterId ? lt(apiKeys.id, afterId) : undefined))
    .orderBy(desc(apiKeys.id))
    .limit(limit + 1)
    .all();
}

/** Drops this isolate's cached keys that a member created, after those keys were revoked in D1. */
export function forgetApiKeysOf(workspaceId: string, userId: string): void {
  keysByHash.deleteWhere((key) => key.workspaceId === workspaceId && key.createdBy === userId);
}

/**
 * Revokes a key of this workspace; a key of another workspace is "not found". Revoking a revoked
 * key succeeds and is recorded again, so the key is looked up first (keys are never deleted) and
 * the entry goes in the revoking batch whether or not the key was still live.
 */
export async function revokeApiKey(env: Env, workspaceId: string, keyId: string, audit: AuditOf<void>): Promise<void> {
  keysByHash.deleteWhere((key) => key.id === keyId);
  const db = getDb(env);
  const exists = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId)))
    .get();
  if (!exists) throw notFound("API key");
  await db.batch([
    db
      .update(apiKeys)
      .set({ revokedAt: isoNow() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt))),
    insertAuditRow(db, auditOutboxRow(workspaceId, audit())),
  ]);
  await kickOutbox(env, workspaceId);
  // A socket opened with the key closes now, not when it next sends something.
  await recheckSockets(env, workspaceId);
}
