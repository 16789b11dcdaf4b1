import { drizzle } from "drizzle-orm/d1";

/**
 * A drizzle client over the request's D1 binding, made per use. Without a `schema` it is cheap:
 * with one, drizzle rebuilds its relational-query config over every table on each call (about
 * 2 ms of CPU per call, several calls per request, measured with bench/lib/cpu-profile.mjs), and
 * the relational `db.query` API is not used here; queries name their tables from ./schema.
 */
export function getDb(env: Pick<Env, "DB">) {
  return drizzle(env.DB);
}

/** The client, for the table owners' builders that go into a caller's drizzle batch. */
export type Db = ReturnType<typeof getDb>;

/** A drizzle query as a plain D1 statement, to batch it with hand-written SQL. */
export function toStatement(
  env: Pick<Env, "DB">,
  query: { toSQL(): { sql: string; params: unknown[] } },
): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return env.DB.prepare(sql).bind(...params);
}
