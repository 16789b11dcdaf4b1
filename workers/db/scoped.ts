/**
 * Reads of a workspace's own rows. Every lookup by id is scoped to the workspace in the same
 * WHERE clause, so another tenant's id reads as missing: 404, the same answer as an id that never
 * existed (no oracle for which ids exist elsewhere).
 */
import { and, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { notFound } from "../lib/errors";
import { getDb } from "./client";

type WorkspaceTable = SQLiteTable & { id: SQLiteColumn; workspaceId: SQLiteColumn };

/** The row with this id in this workspace, or undefined. */
export async function findInWorkspace<T extends WorkspaceTable>(
  env: Pick<Env, "DB">,
  table: T,
  workspaceId: string,
  id: string,
): Promise<T["$inferSelect"] | undefined> {
  const row = await getDb(env)
    .select()
    .from(table as SQLiteTable)
    .where(and(eq(table.id, id), eq(table.workspaceId, workspaceId)))
    .get();
  return row as T["$inferSelect"] | undefined;
}

/** The row with this id in this workspace; 404 naming `what` otherwise. */
export async function getInWorkspace<T extends WorkspaceTable>(
  env: Pick<Env, "DB">,
  table: T,
  workspaceId: string,
  id: string,
  what: string,
): Promise<T["$inferSelect"]> {
  const row = await findInWorkspace(env, table, workspaceId, id);
  if (!row) throw notFound(what);
  return row;
}
