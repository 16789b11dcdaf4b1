/**
 * Renaming a workspace's ids for an import: every id that names an exported row (and the
 * workspace id) gets a new id with the same prefix, and every string in every row — foreign keys,
 * JSON columns, R2 keys, derived ids such as `use_{jobId}_diagrams` — is rewritten through the
 * same map, so references stay consistent and nothing collides with the source workspace.
 */
import { newId, type IdPrefix } from "../lib/ids";

const ID = /(?<![0-9a-z])([a-z]{2,4})_[0-9a-hjkmnp-tv-z]{26}(?![0-9a-z])/g;
const WHOLE_ID = /^([a-z]{2,4})_[0-9a-hjkmnp-tv-z]{26}$/;

export class IdMap {
  private readonly map = new Map<string, string>();

  /** Gives `oldId` a new id with the same prefix (once). */
  add(oldId: string): void {
    const match = WHOLE_ID.exec(oldId);
    if (match && !this.map.has(oldId)) this.map.set(oldId, newId(match[1] as IdPrefix));
  }

  /** Pins `oldId` to a chosen new id. */
  set(oldId: string, newIdValue: string): void {
    this.map.set(oldId, newIdValue);
  }

  get size(): number {
    return this.map.size;
  }

  /** `text` with every known id replaced. */
  rewrite(text: string): string {
    return text.replace(ID, (id) => this.map.get(id) ?? id);
  }

  /** A row with every string value rewritten. */
  rewriteRow(row: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, typeof value === "string" ? this.rewrite(value) : value]));
  }
}
