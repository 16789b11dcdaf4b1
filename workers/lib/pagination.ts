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

/** Wraps a position in a list as an opaque cursor; `tag` names the kind of position. */
export function encodeTaggedCursor(tag: string, position: string): string {
  return toBase64Url(new TextEncoder().encode(`${tag}:${position}`));
}

/** The position an opaque cursor of this `tag` holds; 400 when it is not one this API issued. */
export function decodeTaggedCursor(cursor: string, tag: string, position: RegExp): string {
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64Url(cursor));
  } catch {
    throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
  }
  const value = text.startsWith(`${tag}:`) ? text.slice(tag.length + 1) : "";
  if (!position.test(value)) throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
  return value;
}

export function encodeCursor(lastId: string): string {
  return encodeTaggedCursor("v1", lastId);
}

/** The id after which the next page starts, or undefined for the first page. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  return cursor ? decodeTaggedCursor(cursor, "v1", /^[a-z]{2,4}_[0-9a-z]{26}$/) : undefined;
}

/** Cuts a `limit + 1` fetch into a page and the cursor for the next one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
