/**
 * The workspace's audit hash chain. The hub is the only writer of a workspace's audit entries, so it
 * can number them and chain each to the previous one's hash; appends run one at a time (a promise
 * queue, because awaiting D1 lets other calls into the object). The tail (last seq and hash) is kept
 * in the object's storage; a fresh object, or one whose storage lost the tail, reads it back from D1.
 */
import { GENESIS_HASH, hashEntry, type AuditAppend, type AuditRow } from "../../workers/audit/entry";
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

  /** Appends one entry after every earlier one has been written; returns it as stored. */
  append(input: AuditAppend): Promise<AuditRow> {
    const run = this.queue.then(() => this.appendNow(input));
    // A failed append must not block the ones behind it.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The last appended seq and hash this object knows, or null (none yet, or storage lost). */
  tail(): Tail | null {
    return this.kv.get<Tail>(TAIL_KEY) ?? null;
  }

  private async appendNow(input: AuditAppend): Promise<AuditRow> {
    const owner = this.kv.get<string>("audit:workspace");
    if (owner && owner !== input.workspaceId) throw new Error(`audit entry for ${input.workspaceId} sent to the hub of ${owner}`);
    if (!owner) this.kv.put("audit:workspace", input.workspaceId);

    let tail = this.kv.get<Tail>(TAIL_KEY) ?? (await this.tailFromD1(input.workspaceId));
    try {
      return await this.write(input, tail);
    } catch (error) {
      // Our tail was behind D1 (e.g. storage restored); take D1's and try once more.
      if (!/UNIQUE/i.test(String(error))) throw error;
      tail = await this.tailFromD1(input.workspaceId);
      return this.write(input, tail);
    }
  }

  private async write(input: AuditAppend, tail: Tail): Promise<AuditRow> {
    const unhashed: Omit<AuditRow, "hash"> = {
      workspaceId: input.workspaceId,
      seq: tail.seq + 1,
      id: newId("aud"),
      at: new Date().toISOString(),
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
    const row: AuditRow = { ...unhashed, hash: await hashEntry(unhashed) };
    await this.db
      .prepare(INSERT)
      .bind(row.workspaceId, row.seq, row.id, row.at, row.actorType, row.actorId, row.action, row.targetType, row.targetId,
        row.beforeJson, row.afterJson, row.ip, row.userAgent, row.requestId, row.prevHash, row.hash)
      .run();
    this.kv.put(TAIL_KEY, { seq: row.seq, hash: row.hash } satisfies Tail);
    return row;
  }

  private async tailFromD1(workspaceId: string): Promise<Tail> {
    const last = await this.db
      .prepare("SELECT seq, hash FROM audit_log WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1")
      .bind(workspaceId)
      .first<Tail>();
    return last ?? { seq: 0, hash: GENESIS_HASH };
  }
}
