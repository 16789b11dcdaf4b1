import { text } from "drizzle-orm/sqlite-core";

/** The creation time every table records (ISO 8601 UTC). */
export const createdAt = () => text("created_at").notNull();
