/**
 * SSO identities: an ID token names a user by (issuer, subject), never by email alone. The email
 * links a new identity to an existing account only when both sides have proven it: the issuer
 * says the email is verified, and the account verified it through our own mail. Anything short
 * of that is a 409 that explains how to link with the account's password instead.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { identities, users } from "../db/schema";
import { AppError, conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { createAccount, findUserByEmail, type UserRecord } from "./accounts";
import type { SsoIdentity } from "./sso";

export interface IdentityRecord {
  issuer: string;
  subject: string;
  email: string;
  createdAt: string;
}

/** Where a caller links an SSO identity to the account they are signed in to. */
export const LINK_ENDPOINT = "/api/v1/auth/sso/link";
/** Where a signed-in user asks for a new verification email. */
export const VERIFY_ENDPOINT = "/api/v1/auth/email-verification";

/** The user an (issuer, subject) pair is linked to, if any. */
async function linkedUser(env: Env, issuer: string, subject: string): Promise<UserRecord | undefined> {
  const row = await getDb(env)
    .select({ user: users })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .where(and(eq(identities.issuer, issuer), eq(identities.subject, subject)))
    .get();
  return row?.user;
}

function linkRequired(reason: "account_email_unverified" | "issuer_email_unverified"): AppError {
  const detail =
    reason === "account_email_unverified"
      ? "An account with this email exists, but it has not verified the email, so SSO cannot sign in to it. Sign in with that account's password and link this identity (POST " +
        LINK_ENDPOINT +
        "), or verify the account's email (POST " +
        VERIFY_ENDPOINT +
        ") and sign in with SSO again."
      : "An account with this email exists, but the SSO issuer does not vouch for the email, so SSO cannot sign in to it. Sign in with that account's password and link this identity (POST " +
        LINK_ENDPOINT +
        ").";
  return new AppError(409, "sso_link_required", "Link required", detail, {
    reason,
    linkEndpoint: LINK_ENDPOINT,
    verifyEndpoint: VERIFY_ENDPOINT,
  });
}

/**
 * The account an SSO sign-in reaches: the one its identity is linked to; else an existing
 * account with the email when both sides verified it (the identity is linked on the way); else
 * a new account (just-in-time provisioning).
 */
export async function userForSsoIdentity(env: Env, identity: SsoIdentity): Promise<UserRecord> {
  const linked = await linkedUser(env, identity.issuer, identity.subject);
  if (linked) return linked;
  const existing = await findUserByEmail(env, identity.email);
  if (existing) {
    if (!existing.emailVerifiedAt) throw linkRequired("account_email_unverified");
    if (!identity.emailVerified) throw linkRequired("issuer_email_unverified");
    await linkIdentity(env, existing.id, identity);
    return existing;
  }
  if (identity.emailUnverified) {
    // An address the issuer itself has not verified must not claim the email here either.
    throw new AppError(
      403,
      "sso_email_unverified",
      "Email not verified",
      "The SSO issuer says it has not verified this email; verify it with the issuer and sign in again.",
    );
  }
  try {
    return await createAccount(env, {
      email: identity.email,
      name: identity.name,
      sso: { issuer: identity.issuer, subject: identity.subject },
      emailVerified: identity.emailVerified,
    });
  } catch (error) {
    // A concurrent first sign-in with the same identity created the account: use it.
    const winner = await linkedUser(env, identity.issuer, identity.subject);
    if (winner) return winner;
    throw error;
  }
}

/** Links an identity to a user; 409 when it already belongs to someone else. */
export async function linkIdentity(env: Env, userId: string, identity: SsoIdentity): Promise<IdentityRecord> {
  const now = isoNow();
  await env.DB.prepare(
    "INSERT INTO identities (id, user_id, issuer, subject, email, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, subject) DO NOTHING",
  )
    .bind(newId("idn"), userId, identity.issuer, identity.subject, identity.email, now)
    .run();
  const row = await getDb(env)
    .select()
    .from(identities)
    .where(and(eq(identities.issuer, identity.issuer), eq(identities.subject, identity.subject)))
    .get();
  if (!row || row.userId !== userId)
    throw conflict("identity_linked_elsewhere", "This SSO identity already signs in to another account.");
  return { issuer: row.issuer, subject: row.subject, email: row.email, createdAt: row.createdAt };
}
