/** Users, their credentials, their SSO identities, email verifications and refresh tokens. */
import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  personalWorkspaceId: text("personal_workspace_id").notNull(),
  createdAt: createdAt(),
  /** When the user proved they receive mail at `email`; null until then. Needed before SSO may link by email. */
  emailVerifiedAt: text("email_verified_at"),
});

/** A user's password hash. (Kind "sso" is legacy: SSO logins live in `identities` since 0008.) */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["password", "sso"] }).notNull(),
    /** PBKDF2 record for passwords (`pbkdf2-sha256$iterations$salt$hash`), issuer for SSO. */
    secret: text("secret").notNull(),
    /** SSO subject (`sub`); empty for passwords. */
    subject: text("subject").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credentials_user_kind_subject").on(t.userId, t.kind, t.subject)],
);

/** An SSO login: the (issuer, subject) pair an ID token names, linked to exactly one user. */
export const identities = sqliteTable(
  "identities",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    /** The email the token carried when the identity was linked (for the user's own reference). */
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("identities_issuer_subject").on(t.issuer, t.subject), index("identities_user").on(t.userId)],
);

/** Single-use email verification tokens, stored as SHA-256, each for the address it was sent to. */
export const emailVerifications = sqliteTable(
  "email_verifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("email_verifications_user").on(t.userId)],
);

/** Opaque refresh tokens, stored as SHA-256; one family per login, rotated on every use. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: text("expires_at").notNull(),
    rotatedAt: text("rotated_at"),
    replacedBy: text("replaced_by"),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("refresh_tokens_family").on(t.familyId)],
);
