/**
 * Opaque cursors for lists ordered by id, newest first. Ids are time-sortable, so the cursor is
 * just the last id seen, wrapped so that clients do not build their own.
 */
import { z } from "@hono/zod-openapi";
import { fromBase64Url, toBase64Url } from "./crypto";
import { badRequest } from "./errors";

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Items per page (1–100)." }),
  cursor: z.string().max(200).optional().openapi({ description: "The `nextCursor` of the previous page." }),
});

export function encodeCursor(lastId: string): string {
  return toBase64Url(new TextEncoder().encode(`v1:${lastId}`));
}

/** The id after which the next page starts, or undefined for the first page. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64Url(cursor));
  } catch {
    throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
  }
  if (!/^v1:[a-z]{2,4}_[0-9a-z]{26}$/.test(text)) throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
  return text.slice(3);
}

/** Cuts a `limit + 1` fetch into a page and the cursor for the next one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
