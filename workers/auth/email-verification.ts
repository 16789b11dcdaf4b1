/**
 * Email verification: proof that the holder of an account also receives mail at its address,
 * which SSO needs before it may link by email. The link carries a random token, stored only as
 * SHA-256, that works once and expires after a day. Confirming needs the account's own session
 * too: someone who merely receives mail for an address that a stranger registered (and clicks
 * the link) does not thereby hand the stranger's account their address.
 */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { emailVerifications } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { AppError, badRequest, conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoIn, isoNow } from "../lib/time";
import { mailerFor } from "../mail/mailer";
import type { UserRecord } from "./accounts";

const VERIFICATION_TTL_SECONDS = 24 * 3600;
const TOKEN_PREFIX = "zev_";

/** The console page a verification link opens; the token sits in the fragment, out of server logs. */
export function verificationLink(origin: string, token: string): string {
  return `${origin}/verify-email#token=${token}`;
}

/** Sends a fresh verification link to the user's address; earlier unused links stop working. */
export async function sendVerificationEmail(
  env: Env,
  user: UserRecord,
  origin: string,
): Promise<{ email: string; expiresAt: string }> {
  if (user.emailVerifiedAt) throw conflict("email_already_verified", "This account's email is already verified.");
  const token = TOKEN_PREFIX + randomToken(32);
  const id = newId("emv");
  const expiresAt = isoIn(VERIFICATION_TTL_SECONDS);
  const db = getDb(env);
  await db.batch([
    db.delete(emailVerifications).where(and(eq(emailVerifications.userId, user.id), isNull(emailVerifications.usedAt))),
    db.insert(emailVerifications).values({
      id,
      userId: user.id,
      email: user.email,
      tokenHash: await sha256Hex(token),
      expiresAt,
      createdAt: isoNow(),
    }),
  ]);
  const link = verificationLink(origin, token);
  await mailerFor(env).send({
    workspaceId: user.personalWorkspaceId,
    to: user.email,
    subject: "Confirm your email address for Zukai",
    text: [
      `A Zukai account was created with ${user.email}.`,
      `If it is yours, sign in to it and open this link to confirm the address: ${link}`,
      `The link works once and expires at ${expiresAt}.`,
      "If you did not create this account, ignore this message: without the confirmation the account cannot use your address for company sign-in.",
    ].join("\n\n"),
    actionUrl: link,
    relatedId: id,
  });
  return { email: user.email, expiresAt };
}

/** Marks the user's email verified with a token from their verification mail; the token is spent. */
export async function confirmEmailVerification(env: Env, user: UserRecord, token: string): Promise<string> {
  const row = await getDb(env)
    .select()
    .from(emailVerifications)
    .where(eq(emailVerifications.tokenHash, await sha256Hex(token)))
    .get();
  // Another account's token answers like an unknown one: it tells the caller nothing.
  if (!row || row.userId !== user.id || row.email !== user.email) {
    throw badRequest("invalid_verification_token", "This verification link is not valid for the signed-in account.");
  }
  if (row.usedAt) throw conflict("verification_token_used", "This verification link was already used.");
  const now = isoNow();
  if (row.expiresAt <= now) {
    throw new AppError(
      410,
      "verification_token_expired",
      "Gone",
      `This verification link expired; ask for a new one (POST /api/v1/auth/email-verification).`,
    );
  }
  // The user is marked only if this request spent the token, so a link works exactly once.
  const [spent] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE email_verifications SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?",
    ).bind(now, row.id, now),
    env.DB.prepare(
      "UPDATE users SET email_verified_at = ? WHERE id = ? AND email = ? AND EXISTS (SELECT 1 FROM email_verifications WHERE id = ? AND used_at = ?)",
    ).bind(now, user.id, row.email, row.id, now),
  ]);
  if (spent?.meta.changes !== 1) throw conflict("verification_token_used", "This verification link was already used.");
  return now;
}
