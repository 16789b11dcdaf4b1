/**
 * The workspace's concurrent-job slots, held in the hub's SQLite. A job holds one slot from the
 * moment it starts (or is accepted, when the plan refuses work over the limit) until it ends.
 * The check and the grant run with no await between them, so two callers can never both take
 * the last slot. A job that finds no slot may wait: its stage message is parked here and sent
 * to the queue when a slot frees, first come first served.
 *
 * Slots heal themselves: when all are taken, holders whose job has ended (or never got written)
 * in D1 are let go, so a lost release cannot block a workspace for good.
 */
import type { StageMessage } from "../../workers/jobs/messages";

export interface SlotRequest {
  jobId: string;
  limit: number;
  /** The stage message to send when a slot frees; without it a full house is a refusal. */
  wait?: StageMessage;
  /** At acceptance the job row is not written yet, so its state is not checked. */
  atAccept?: boolean;
}

export type SlotOutcome = "granted" | "waiting" | "refused" | "finished";

export interface SlotAnswer {
  outcome: SlotOutcome;
  held: number;
  limit: number;
}

/** A slot whose job is missing from D1 is kept this long (its row may still be on its way). */
const MISSING_GRACE_MS = 15_000;

export class JobSlots {
  constructor(
    private readonly sql: SqlStorage,
    private readonly env: Pick<Env, "DB" | "JOBS">,
  ) {
    sql.exec("CREATE TABLE IF NOT EXISTS job_slots (job_id TEXT PRIMARY KEY, acquired_at INTEGER NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS job_waiters (job_id TEXT PRIMARY KEY, message TEXT NOT NULL, queued_at INTEGER NOT NULL)",
    );
    sql.exec(
      "CREATE TABLE IF NOT EXISTS job_slot_limit (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
    );
  }

  /** Takes a slot for a job (idempotent per job), parks it, or refuses. */
  async acquire(request: SlotRequest): Promise<SlotAnswer> {
    this.sql.exec(
      "INSERT INTO job_slot_limit (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value",
      request.limit,
    );
    if (this.holds(request.jobId)) return this.answer("granted", request.limit);
    if (!request.atAccept && !(await this.stillActive(request.jobId))) {
      this.sql.exec("DELETE FROM job_waiters WHERE job_id = ?", request.jobId);
      return this.answer("finished", request.limit);
    }
    if (this.heldCount() >= request.limit) await this.heal();
    // From here on nothing awaits: the count and the grant are one step.
    if (this.holds(request.jobId)) return this.answer("granted", request.limit);
    if (this.heldCount() < request.limit && !this.hasEarlierWaiters(request.jobId)) {
      this.sql.exec("INSERT INTO job_slots (job_id, acquired_at) VALUES (?, ?)", request.jobId, Date.now());
      this.sql.exec("DELETE FROM job_waiters WHERE job_id = ?", request.jobId);
      return this.answer("granted", request.limit);
    }
    if (!request.wait) return this.answer("refused", request.limit);
    this.sql.exec(
      "INSERT OR IGNORE INTO job_waiters (job_id, message, queued_at) VALUES (?, ?, ?)",
      request.jobId,
      JSON.stringify(request.wait),
      Date.now(),
    );
    await this.promote();
    return this.answer(this.holds(request.jobId) ? "granted" : "waiting", request.limit);
  }

  /** Frees a job's slot (or its place in line) and hands freed slots to waiting jobs. */
  async release(jobId: string): Promise<void> {
    this.sql.exec("DELETE FROM job_slots WHERE job_id = ?", jobId);
    this.sql.exec("DELETE FROM job_waiters WHERE job_id = ?", jobId);
    await this.promote();
  }

  /** The jobs holding slots and those waiting, oldest first. */
  state(): { held: string[]; waiting: string[]; limit: number | null } {
    return {
      held: this.sql
        .exec<{ job_id: string }>("SELECT job_id FROM job_slots ORDER BY acquired_at, job_id")
        .toArray()
        .map((r) => r.job_id),
      waiting: this.sql
        .exec<{ job_id: string }>("SELECT job_id FROM job_waiters ORDER BY queued_at, job_id")
        .toArray()
        .map((r) => r.job_id),
      limit: this.limit(),
    };
  }

  private answer(outcome: SlotOutcome, limit: number): SlotAnswer {
    return { outcome, held: this.heldCount(), limit };
  }

  private holds(jobId: string): boolean {
    return this.sql.exec("SELECT 1 FROM job_slots WHERE job_id = ?", jobId).toArray().length > 0;
  }

  private heldCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM job_slots").one().n;
  }

  private limit(): number | null {
    return (
      this.sql.exec<{ value: number }>("SELECT value FROM job_slot_limit WHERE id = 1").toArray()[0]?.value ?? null
    );
  }

  private hasEarlierWaiters(jobId: string): boolean {
    return (
      this.sql
        .exec(
          "SELECT 1 FROM job_waiters WHERE job_id <> ? AND queued_at <= COALESCE((SELECT queued_at FROM job_waiters WHERE job_id = ?), ?) LIMIT 1",
          jobId,
          jobId,
          Date.now(),
        )
        .toArray().length > 0
    );
  }

  private async stillActive(jobId: string): Promise<boolean> {
    const row = await this.env.DB.prepare("SELECT status FROM jobs WHERE id = ?")
      .bind(jobId)
      .first<{ status: string }>();
    return row !== null && (row.status === "queued" || row.status === "running");
  }

  /** Lets go of slots whose job ended, or whose job never appeared within the grace period. */
  private async heal(): Promise<void> {
    const held = this.sql
      .exec<{ job_id: string; acquired_at: number }>("SELECT job_id, acquired_at FROM job_slots")
      .toArray();
    if (held.length === 0) return;
    const { results } = await this.env.DB.prepare(
      `SELECT id, status FROM jobs WHERE id IN (${held.map(() => "?").join(", ")})`,
    )
      .bind(...held.map((h) => h.job_id))
      .all<{ id: string; status: string }>();
    const status = new Map(results.map((r) => [r.id, r.status]));
    for (const slot of held) {
      const s = status.get(slot.job_id);
      const ended = s !== undefined && s !== "queued" && s !== "running";
      const neverWritten = s === undefined && Date.now() - slot.acquired_at > MISSING_GRACE_MS;
      if (ended || neverWritten) this.sql.exec("DELETE FROM job_slots WHERE job_id = ?", slot.job_id);
    }
  }

  /** Grants free slots to the oldest waiters and queues their stage messages. */
  private async promote(): Promise<void> {
    const limit = this.limit();
    if (limit === null) return;
    while (this.heldCount() < limit) {
      const next = this.sql
        .exec<{ job_id: string; message: string }>(
          "SELECT job_id, message FROM job_waiters ORDER BY queued_at, job_id LIMIT 1",
        )
        .toArray()[0];
      if (!next) return;
      this.sql.exec("INSERT OR IGNORE INTO job_slots (job_id, acquired_at) VALUES (?, ?)", next.job_id, Date.now());
      this.sql.exec("DELETE FROM job_waiters WHERE job_id = ?", next.job_id);
      try {
        await this.env.JOBS.send(JSON.parse(next.message) as StageMessage);
      } catch (error) {
        // Put it back in line; the next release or acquire tries again.
        this.sql.exec("DELETE FROM job_slots WHERE job_id = ?", next.job_id);
        this.sql.exec(
          "INSERT OR IGNORE INTO job_waiters (job_id, message, queued_at) VALUES (?, ?, ?)",
          next.job_id,
          next.message,
          0,
        );
        console.error(JSON.stringify({ event: "slots.requeue_failed", jobId: next.job_id, error: String(error) }));
        return;
      }
    }
  }
}
