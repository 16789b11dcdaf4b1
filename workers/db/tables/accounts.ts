/** Users, their credentials and refresh tokens. */
import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  personalWorkspaceId: text("personal_workspace_id").notNull(),
  createdAt: createdAt(),
});

/** How a user proves who they are: a password hash, or a subject at an SSO issuer. */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["password", "sso"] }).notNull(),
    /** PBKDF2 record for passwords (`pbkdf2-sha256$iterations$salt$hash`), issuer for SSO. */
    secret: text("secret").notNull(),
    /** SSO subject (`sub`); empty for passwords. */
    subject: text("subject").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credentials_user_kind_subject").on(t.userId, t.kind, t.subject)],
);

/** Opaque refresh tokens, stored as SHA-256; one family per login, rotated on every use. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
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
