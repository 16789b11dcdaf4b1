/** User accounts: registration (with a personal workspace) and password sign-in. */
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { credentials, identities, memberships, users, workspaces } from "../db/schema";
import { conflict, unauthorized } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { TtlCache } from "../lib/ttl-cache";
import { DUMMY_PASSWORD_RECORD, hashPassword, verifyPassword } from "./passwords";

export interface NewAccount {
  email: string;
  password?: string;
  name: string;
  /** For SSO accounts: the issuer and subject that vouch for the user. */
  sso?: { issuer: string; subject: string };
  /** True when the email is already proven (an SSO issuer vouched for it). */
  emailVerified?: boolean;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  personalWorkspaceId: string;
  createdAt: string;
  emailVerifiedAt: string | null;
}

/** Canonical form of an email address for lookups and uniqueness. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user, their credential, their personal workspace and their owner membership at once. */
export async function createAccount(env: Env, account: NewAccount): Promise<UserRecord> {
  const db = getDb(env);
  const email = normalizeEmail(account.email);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (existing) throw conflict("email_taken", "An account with this email already exists.");

  const now = isoNow();
  const user: UserRecord = {
    id: newId("usr"),
    email,
    name: account.name,
    personalWorkspaceId: newId("ws"),
    createdAt: now,
    emailVerifiedAt: account.emailVerified ? now : null,
  };
  // An SSO account signs in through its identity; a password account through its credential.
  const login = account.sso
    ? getDb(env)
        .insert(identities)
        .values({
          id: newId("idn"),
          userId: user.id,
          issuer: account.sso.issuer,
          subject: account.sso.subject,
          email,
          createdAt: now,
        })
    : getDb(env)
        .insert(credentials)
        .values({
          id: newId("cred"),
          userId: user.id,
          kind: "password",
          secret: await hashPassword(account.password ?? ""),
          subject: "",
          createdAt: now,
        });
  try {
    await db.batch([
      db.insert(workspaces).values({
        id: user.personalWorkspaceId,
        name: `${account.name}'s workspace`,
        kind: "personal",
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      }),
      db.insert(users).values(user),
      login,
      db
        .insert(memberships)
        .values({ workspaceId: user.personalWorkspaceId, userId: user.id, role: "owner", createdAt: now }),
    ]);
  } catch (error) {
    // Two registrations racing for one email: the unique index decides, the loser gets 409.
    if (String(error).includes("UNIQUE constraint failed: users.email")) {
      throw conflict("email_taken", "An account with this email already exists.");
    }
    throw error;
  }
  return user;
}

/** The user whose email and password match; 401 otherwise, in the same time either way. */
export async function authenticatePassword(env: Env, email: string, password: string): Promise<UserRecord> {
  const db = getDb(env);
  const row = await db
    .select({ user: users, secret: credentials.secret })
    .from(users)
    .leftJoin(credentials, eq(credentials.userId, users.id))
    .where(eq(users.email, normalizeEmail(email)))
    .all()
    .then((rows) => rows.find((r) => r.secret?.startsWith("pbkdf2-")) ?? rows[0]);
  const record = row?.secret?.startsWith("pbkdf2-") ? row.secret : DUMMY_PASSWORD_RECORD;
  const matches = await verifyPassword(password, record);
  if (!row || !matches || record === DUMMY_PASSWORD_RECORD) {
    throw unauthorized("invalid_credentials", "The email or password is wrong.");
  }
  return row.user;
}

function passwordOf(env: Env, userId: string) {
  return getDb(env)
    .select({ secret: credentials.secret })
    .from(credentials)
    .where(and(eq(credentials.userId, userId), eq(credentials.kind, "password")))
    .get();
}

/** True when the user has a password (SSO-only accounts have none). */
export async function hasPassword(env: Env, userId: string): Promise<boolean> {
  return (await passwordOf(env, userId)) !== undefined;
}

/** True when `password` is the user's password (false for an account without one). */
export async function checkUserPassword(env: Env, userId: string, password: string): Promise<boolean> {
  const row = await passwordOf(env, userId);
  const matches = await verifyPassword(password, row?.secret ?? DUMMY_PASSWORD_RECORD);
  return Boolean(row) && matches;
}

/** The user with this email, if any. */
export async function findUserByEmail(env: Env, email: string): Promise<UserRecord | undefined> {
  return getDb(env)
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

/** The user with this id, if any. */
export async function findUserById(env: Env, id: string): Promise<UserRecord | undefined> {
  return getDb(env).select().from(users).where(eq(users.id, id)).get();
}

// A user's personal workspace never changes, so it is cached for as long as the isolate keeps it.
const personalWorkspaces = new TtlCache<string>(60 * 60_000);

/** The id of a user's personal workspace, or undefined for an unknown user. */
export async function personalWorkspaceOf(env: Env, userId: string): Promise<string | undefined> {
  const cached = personalWorkspaces.get(userId);
  if (cached) return cached;
  const id = (await findUserById(env, userId))?.personalWorkspaceId;
  if (id) personalWorkspaces.set(userId, id);
  return id;
}
