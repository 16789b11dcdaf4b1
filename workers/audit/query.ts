/**
 * Reading the audit log: filtered pages (newest first, cursor = last seq seen), an oldest-first
 * walk for the NDJSON export, and chain verification. Reads only; nothing here changes an entry.
 */
import { and, asc, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { getDb } from "../db/client";
import { auditLog } from "../db/schema";
import { decodeTaggedCursor, encodeTaggedCursor } from "../lib/pagination";
import { type AuditActor, type AuditRow, GENESIS_HASH, hashEntry } from "./entry";

export interface AuditFilter {
  actor?: string;
  /** An exact action, or a prefix ending in `.*` (e.g. `api_key.*`). */
  action?: string;
  target?: string;
  targetType?: string;
  from?: string;
  to?: string;
}

/** The entry as the API shows it. */
export function toAuditResource(r: AuditRow) {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    actor: { type: r.actorType as AuditActor["type"], id: r.actorId },
    action: r.action,
    target: { type: r.targetType, id: r.targetId },
    before: r.beforeJson === null ? null : (JSON.parse(r.beforeJson) as unknown),
    after: r.afterJson === null ? null : (JSON.parse(r.afterJson) as unknown),
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export function encodeSeqCursor(seq: number): string {
  return encodeTaggedCursor("a1", String(seq));
}

/** The seq a cursor points after, or undefined for the first page. */
export function decodeSeqCursor(cursor: string | undefined): number | undefined {
  return cursor ? Number(decodeTaggedCursor(cursor, "a1", /^\d{1,15}$/)) : undefined;
}

function conditions(workspaceId: string, f: AuditFilter): SQL[] {
  const where: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (f.actor) where.push(eq(auditLog.actorId, f.actor));
  if (f.action?.endsWith(".*")) {
    // A prefix as a range: actions are [a-z0-9_.] (checked by the route), all below "~", and the range uses the index.
    const prefix = f.action.slice(0, -1);
    where.push(gte(auditLog.action, prefix), lt(auditLog.action, `${prefix}~`));
  } else if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.target) where.push(eq(auditLog.targetId, f.target));
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lt(auditLog.at, f.to));
  return where;
}

/** A page of entries, newest first, and the cursor for the next one. */
export async function listAuditEntries(
  env: Env,
  workspaceId: string,
  filter: AuditFilter,
  limit: number,
  beforeSeq?: number,
) {
  const where = conditions(workspaceId, filter);
  if (beforeSeq !== undefined) where.push(lt(auditLog.seq, beforeSeq));
  const rows = await getDb(env)
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1)
    .all();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeSeqCursor(items.at(-1)!.seq) : null };
}

const WALK_PAGE = 500;

/** Every matching entry, oldest first, a page at a time. */
export async function* walkAuditEntries(
  env: Env,
  workspaceId: string,
  filter: AuditFilter = {},
): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const where = [...conditions(workspaceId, filter), gte(auditLog.seq, after + 1)];
    const rows = await getDb(env)
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(asc(auditLog.seq))
      .limit(WALK_PAGE)
      .all();
    yield* rows;
    if (rows.length < WALK_PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

export type VerifyResult =
  | { ok: true; entries: number; lastSeq: number; lastHash: string }
  | {
      ok: false;
      entries: number;
      firstBroken: {
        seq: number;
        id: string | null;
        reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "tail_missing";
      };
    };

/**
 * Recomputes the chain from the first entry: each seq follows the previous one, each prevHash is
 * the previous hash, each hash is what the entry's fields give. The hub's tail (when it still has
 * one) catches entries cut off the end, which the chain alone cannot show.
 */
export async function verifyAuditChain(
  env: Env,
  workspaceId: string,
  tail: { seq: number; hash: string } | null,
): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for await (const row of walkAuditEntries(env, workspaceId)) {
    const broken = (reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap"): VerifyResult => ({
      ok: false,
      entries,
      firstBroken: { seq: row.seq, id: row.id, reason },
    });
    if (row.seq !== expectedSeq)
      return { ok: false, entries, firstBroken: { seq: expectedSeq, id: null, reason: "seq_gap" } };
    const { hash, ...unhashed } = row;
    if ((await hashEntry(unhashed)) !== hash) return broken("hash_mismatch");
    if (row.prevHash !== prevHash) return broken("prev_hash_mismatch");
    prevHash = hash;
    expectedSeq++;
    entries++;
  }
  if (tail && tail.seq >= expectedSeq)
    return { ok: false, entries, firstBroken: { seq: expectedSeq, id: null, reason: "tail_missing" } };
  if (tail && tail.seq === expectedSeq - 1 && tail.seq > 0 && tail.hash !== prevHash) {
    return { ok: false, entries, firstBroken: { seq: tail.seq, id: null, reason: "hash_mismatch" } };
  }
  return { ok: true, entries, lastSeq: expectedSeq - 1, lastHash: prevHash };
}
