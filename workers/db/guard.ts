/**
 * A condition a guarded write carries: the statement becomes `INSERT … SELECT <values> <sql>`, so
 * it applies only while the condition holds in the same transaction (e.g. the job is still
 * running, so a redelivered stage that lost its lease writes nothing). Raw SQL is used for these
 * because drizzle has no guarded insert; plain CRUD stays with drizzle (docs/architecture.md).
 */
export interface Guard {
  sql: string;
  args: unknown[];
}

/** `INSERT OR IGNORE INTO table (columns) VALUES (…)`, or `SELECT … <guard>` when guarded. */
export function insertOrIgnore(
  env: Pick<Env, "DB">,
  table: string,
  columns: readonly string[],
  values: unknown[],
  guard?: Guard,
): D1PreparedStatement {
  const marks = columns.map(() => "?").join(", ");
  const tail = guard ? `SELECT ${marks} ${guard.sql}` : `VALUES (${marks})`;
  return env.DB.prepare(`INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) ${tail}`).bind(
    ...values,
    ...(guard?.args ?? []),
  );
}

/** True when D1 refused a write for a unique index (the message may sit on the error or its cause). */
export function isUniqueViolation(error: unknown): boolean {
  return /UNIQUE constraint failed/i.test(`${String(error)} ${String((error as { cause?: unknown })?.cause)}`);
}
