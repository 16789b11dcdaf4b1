import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A drizzle client over the request's D1 binding; cheap, so made per use. */
export function getDb(env: Pick<Env, "DB">) {
  return drizzle(env.DB, { schema });
}

export type Db = ReturnType<typeof getDb>;

/** A drizzle query as a plain D1 statement, to batch it with hand-written SQL. */
export function toStatement(env: Pick<Env, "DB">, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return env.DB.prepare(sql).bind(...params);
}
