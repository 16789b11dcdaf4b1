import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * An INSERT of one tenant row that adds it only while its workspace holds fewer than `limit` rows
 * of the table. The count and the insert are one statement: D1 has no interactive transactions,
 * so a count read first and an insert after it lets concurrent creators overshoot the limit.
 * The statement can join the change's own batch (its audit entry, say); a result with
 * `meta.changes === 0` means the limit was reached and nothing was written.
 */
export function insertBelowLimit<T extends SQLiteTable & { workspaceId: SQLiteColumn }>(
  env: Pick<Env, "DB">,
  table: T,
  row: T["$inferInsert"],
  limit: number,
): D1PreparedStatement {
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const present = columns.filter(([key]) => (row as Record<string, unknown>)[key] !== undefined);
  const names = present.map(([, column]) => `"${column.name}"`).join(", ");
  const values = present.map(([key, column]) => column.mapToDriverValue((row as Record<string, unknown>)[key]));
  const name = getTableName(table);
  const sql = `INSERT INTO "${name}" (${names}) SELECT ${present.map(() => "?").join(", ")} WHERE (SELECT COUNT(*) FROM "${name}" WHERE "workspace_id" = ?) < ?`;
  return env.DB.prepare(sql).bind(...values, (row as { workspaceId: string }).workspaceId, limit);
}
