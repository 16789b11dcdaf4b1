import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A drizzle client over the request's D1 binding; cheap, so made per use. */
export function getDb(env: Pick<Env, "DB">) {
  return drizzle(env.DB, { schema });
}

export type Db = ReturnType<typeof getDb>;
