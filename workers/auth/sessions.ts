/**
 * Sign-in sessions: one refresh-token family per sign-in. Refresh tokens are opaque, stored as
 * SHA-256, and rotated on every use; presenting a token that was already rotated means it was
 * copied, so the whole family is revoked.
 */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { refreshTokens } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { unauthorized } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoIn, isoNow } from "../lib/time";
import { signAccessToken } from "./access-tokens";

export interface SessionTokens {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

const REFRESH_PREFIX = "zrt_";

function refreshTtl(env: Env): number {
  return Number(env.REFRESH_TOKEN_TTL_SECONDS) || 30 * 24 * 3600;
}

async function issue(
  env: Env,
  userId: string,
  familyId: string,
  refreshToken: string,
  refreshExpiresAt: string,
): Promise<SessionTokens> {
  const access = await signAccessToken(env, { sub: userId, sid: familyId });
  return {
    accessToken: access.token,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresAt,
  };
}

/** Starts a new session (refresh family) for a user who has just proved who they are. */
export async function startSession(env: Env, userId: string): Promise<SessionTokens> {
  const familyId = newId("fam");
  const id = newId("rt");
  const refreshToken = REFRESH_PREFIX + randomToken(32);
  const expiresAt = isoIn(refreshTtl(env));
  await getDb(env)
    .insert(refreshTokens)
    .values({ id, userId, familyId, tokenHash: await sha256Hex(refreshToken), expiresAt, createdAt: isoNow() });
  return issue(env, userId, familyId, refreshToken, expiresAt);
}

/** Exchanges a refresh token for a new pair; reuse of a rotated token revokes the family. */
export async function rotateSession(env: Env, presented: string): Promise<SessionTokens> {
  const db = getDb(env);
  const current = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256Hex(presented)))
    .get();
  if (!current) throw unauthorized("invalid_refresh_token", "The refresh token is not valid.");
  if (current.revokedAt) throw unauthorized("session_revoked", "This session has been signed out.");
  if (current.rotatedAt) {
    await revokeFamily(env, current.familyId);
    throw unauthorized("refresh_token_reused", "The refresh token was already used; the session has been revoked.");
  }
  if (current.expiresAt <= isoNow()) throw unauthorized("refresh_token_expired", "The refresh token has expired.");

  const nextId = newId("rt");
  const nextToken = REFRESH_PREFIX + randomToken(32);
  const expiresAt = isoIn(refreshTtl(env));
  const now = isoNow();
  const nextHash = await sha256Hex(nextToken);
  // The successor is inserted only if this request won the rotation, so two concurrent
  // refreshes with one token cannot both obtain a live token.
  const [rotated] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE refresh_tokens SET rotated_at = ?, replaced_by = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL",
    ).bind(now, nextId, current.id),
    env.DB.prepare(
      `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM refresh_tokens WHERE id = ? AND replaced_by = ?)`,
    ).bind(nextId, current.userId, current.familyId, nextHash, expiresAt, now, current.id, nextId),
  ]);
  if (rotated?.meta.changes !== 1) {
    await revokeFamily(env, current.familyId);
    throw unauthorized("refresh_token_reused", "The refresh token was already used; the session has been revoked.");
  }
  return issue(env, current.userId, current.familyId, nextToken, expiresAt);
}

/** Signs out the session that a refresh token belongs to. Unknown tokens are ignored. */
export async function endSession(env: Env, presented: string): Promise<void> {
  const row = await getDb(env)
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256Hex(presented)))
    .get();
  if (row) await revokeFamily(env, row.familyId);
}

/** Revokes every token of a session. */
export async function revokeFamily(env: Env, familyId: string): Promise<void> {
  await getDb(env)
    .update(refreshTokens)
    .set({ revokedAt: isoNow() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}
