/**
 * Renaming a workspace's ids for an import: EVERY id-shaped value in the bundle — row ids, foreign
 * keys, ids inside JSON columns, R2 keys and derived ids such as `use_{jobId}_diagrams` — gets a
 * new one, whether or not the bundle holds the row it names. So nothing in a bundle can name (and
 * pre-claim, or probe for) another workspace's job, result or usage row. Only user ids stay: they
 * name people, who exist outside any workspace.
 *
 * An id is renamed by its 26-character body, keeping its time part and drawing new random bits, so
 * derived ids stay derived (job_X → trn_X, dgm_X, vid_X keep one body) and ids keep their order.
 */
import { newId } from "../lib/ids";

const ID = /(?<![0-9a-z])([a-z]{2,4})_([0-9a-hjkmnp-tv-z]{26})(?![0-9a-z])/g;
/** Prefixes of ids that are not the workspace's own and keep their value. */
const KEPT_PREFIXES = new Set(["usr"]);
const TIME_CHARS = 10;

export class IdMap {
  /** Old body → new body. */
  private readonly bodies = new Map<string, string>();

  /** Gives every id found in `text` a new body (once per body). */
  collect(text: string): void {
    for (const match of text.matchAll(ID)) {
      const [, prefix, body] = match as unknown as [string, string, string];
      if (KEPT_PREFIXES.has(prefix) || this.bodies.has(body)) continue;
      this.bodies.set(body, body.slice(0, TIME_CHARS) + newId("job").slice(4 + TIME_CHARS));
    }
  }

  /** Collects the ids of every string value of a row. */
  collectRow(row: Record<string, unknown>): void {
    for (const value of Object.values(row)) if (typeof value === "string") this.collect(value);
  }

  get size(): number {
    return this.bodies.size;
  }

  /** `text` with every collected id replaced. */
  rewrite(text: string): string {
    return text.replace(ID, (id, prefix: string, body: string) =>
      KEPT_PREFIXES.has(prefix) ? id : `${prefix}_${this.bodies.get(body) ?? body}`,
    );
  }

  /** A row with every string value rewritten. */
  rewriteRow(row: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(row).map(([column, value]) => [column, typeof value === "string" ? this.rewrite(value) : value]),
    );
  }
}
