/**
 * The workspace's audit hash chain. The hub is the only writer of a workspace's audit entries, so it
 * can number them and chain each to the previous one's hash; appends run one at a time (a promise
 * queue, because awaiting D1 lets other calls into the object). The tail (last seq and hash) is kept
 * in the object's storage; a fresh object, or one whose storage lost the tail, reads it back from D1.
 * Entries come from the event outbox with their ids fixed, so a replayed append (after an eviction)
 * skips entries already in the log, and the outbox row is stamped published in the same D1 batch.
 */
import { type AuditAppend, type AuditRow, GENESIS_HASH, hashEntry } from "../../workers/audit/entry";
import { newId } from "../../workers/lib/ids";

interface Tail {
  seq: number;
  hash: string;
}

const TAIL_KEY = "audit:tail";

const INSERT = `INSERT INTO audit_log (workspace_id, seq, id, at, actor_type, actor_id, action, target_type, target_id,
  before_json, after_json, ip, user_agent, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class AuditChain {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kv: SyncKvStorage,
    private readonly db: D1Database,
  ) {}

  /**
   * Appends entries, in order, after every earlier append has been written; returns those newly
   * stored. Entries of one call (a batch and its jobs) are chained together and written in one D1
   * batch, together with `alongside` (the outbox's published stamp).
   */
  append(inputs: AuditAppend[], alongside: D1PreparedStatement[] = []): Promise<AuditRow[]> {
    const run = this.queue.then(() => this.appendNow(inputs, alongside));
    // A failed append must not block the ones behind it.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The last appended seq and hash this object knows, or null (none yet, or storage lost). */
  tail(): Tail | null {
    return this.kv.get<Tail>(TAIL_KEY) ?? null;
  }

  private async appendNow(all: AuditAppend[], alongside: D1PreparedStatement[]): Promise<AuditRow[]> {
    const inputs = await this.notYetStored(all);
    const workspaceId = inputs[0]?.workspaceId;
    if (workspaceId === undefined) {
      if (alongside.length > 0) await this.db.batch(alongside);
      return [];
    }
    const owner = this.kv.get<string>("audit:workspace");
    for (const input of inputs) {
      if ((owner ?? workspaceId) !== input.workspaceId)
        throw new Error(`audit entry for ${input.workspaceId} sent to the hub of ${owner ?? workspaceId}`);
    }
    if (!owner) this.kv.put("audit:workspace", workspaceId);

    let tail = this.kv.get<Tail>(TAIL_KEY) ?? (await this.tailFromD1(workspaceId));
    try {
      return await this.write(inputs, tail, alongside);
    } catch (error) {
      // Our tail was behind D1 (e.g. storage restored); take D1's and try once more.
      if (!/UNIQUE/i.test(String(error))) throw error;
      tail = await this.tailFromD1(workspaceId);
      return this.write(inputs, tail, alongside);
    }
  }

  /** Drops entries whose fixed id is already in the log: their append ran before (a replay). */
  private async notYetStored(inputs: AuditAppend[]): Promise<AuditAppend[]> {
    const ids = inputs.flatMap((i) => (i.id ? [i.id] : []));
    if (ids.length === 0) return inputs;
    const { results } = await this.db
      .prepare(`SELECT id FROM audit_log WHERE id IN (${ids.map(() => "?").join(", ")})`)
      .bind(...ids)
      .all<{ id: string }>();
    const stored = new Set(results.map((r) => r.id));
    return inputs.filter((i) => !i.id || !stored.has(i.id));
  }

  private async write(inputs: AuditAppend[], tail: Tail, alongside: D1PreparedStatement[]): Promise<AuditRow[]> {
    const rows: AuditRow[] = [];
    let previous = tail;
    for (const input of inputs) {
      const row = await chained(input, previous);
      rows.push(row);
      previous = { seq: row.seq, hash: row.hash };
    }
    await this.db.batch([
      ...rows.map((row) =>
        this.db
          .prepare(INSERT)
          .bind(
            row.workspaceId,
            row.seq,
            row.id,
            row.at,
            row.actorType,
            row.actorId,
            row.action,
            row.targetType,
            row.targetId,
            row.beforeJson,
            row.afterJson,
            row.ip,
            row.userAgent,
            row.requestId,
            row.prevHash,
            row.hash,
          ),
      ),
      ...alongside,
    ]);
    this.kv.put(TAIL_KEY, previous satisfies Tail);
    return rows;
  }

  private async tailFromD1(workspaceId: string): Promise<Tail> {
    const last = await this.db
      .prepare("SELECT seq, hash FROM audit_log WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1")
      .bind(workspaceId)
      .first<Tail>();
    return last ?? { seq: 0, hash: GENESIS_HASH };
  }
}

/** The entry that follows `tail` in the chain: numbered, linked to its hash, and hashed. */
async function chained(input: AuditAppend, tail: Tail): Promise<AuditRow> {
  const unhashed: Omit<AuditRow, "hash"> = {
    workspaceId: input.workspaceId,
    seq: tail.seq + 1,
    id: input.id ?? newId("aud"),
    at: input.at ?? new Date().toISOString(),
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id,
    beforeJson: input.beforeJson,
    afterJson: input.afterJson,
    ip: input.ip,
    userAgent: input.userAgent,
    requestId: input.requestId,
    prevHash: tail.hash,
  };
  return { ...unhashed, hash: await hashEntry(unhashed) };
}
