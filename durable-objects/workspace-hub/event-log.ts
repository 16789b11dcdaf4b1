/**
 * The hub's bounded event log in the Durable Object's SQLite: every published event gets the next
 * sequence number of the workspace, so a client that reconnects can ask for what it missed.
 */
import type { HubEvent, SequencedEvent, ServerMessage } from "./protocol";

export const MAX_LOGGED_EVENTS = 2000;

export class EventLog {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      type TEXT NOT NULL,
      job_id TEXT,
      body TEXT NOT NULL,
      at TEXT NOT NULL,
      event_id TEXT
    )`);
    // Logs written before events carried an outbox id get the column (NULL for the old rows).
    const columns = sql.exec<{ name: string }>("PRAGMA table_info(events)").toArray();
    if (!columns.some((c) => c.name === "event_id")) sql.exec("ALTER TABLE events ADD COLUMN event_id TEXT");
    sql.exec("CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq)");
    sql.exec("CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id) WHERE event_id IS NOT NULL");
  }

  /** Appends an event and returns it with its sequence number; drops the oldest past the bound. */
  append(event: HubEvent, eventId: string | null = null): SequencedEvent {
    const at = new Date().toISOString();
    const jobId = "jobId" in event ? event.jobId : null;
    const { seq } = this.sql
      .exec<{ seq: number }>(
        "INSERT INTO events (type, job_id, body, at, event_id) VALUES (?, ?, ?, ?, ?) RETURNING seq",
        event.type,
        jobId,
        JSON.stringify(event),
        at,
        eventId,
      )
      .one();
    if (seq % 100 === 0) this.sql.exec("DELETE FROM events WHERE seq <= ?", seq - MAX_LOGGED_EVENTS);
    return { ...event, seq, at };
  }

  /**
   * Appends an outbox event once: a replayed publish of the same event id (after an eviction, or
   * a mark that did not reach D1) gets no second seq and returns null, so it is not delivered twice.
   */
  appendOnce(event: HubEvent, eventId: string): SequencedEvent | null {
    if (this.sql.exec("SELECT 1 FROM events WHERE event_id = ?", eventId).toArray().length > 0) return null;
    return this.append(event, eventId);
  }

  /** The seq an outbox event got, if the log still keeps it. */
  seqOf(eventId: string): number | null {
    return (
      this.sql.exec<{ seq: number }>("SELECT seq FROM events WHERE event_id = ?", eventId).toArray()[0]?.seq ?? null
    );
  }

  /** The newest sequence number, or 0 before the first event. */
  latestSeq(): number {
    return this.sql.exec<{ seq: number | null }>("SELECT max(seq) AS seq FROM events").one().seq ?? 0;
  }

  /** The oldest sequence number still kept, or latest + 1 when the log is empty. */
  oldestSeq(): number {
    const row = this.sql.exec<{ seq: number | null }>("SELECT min(seq) AS seq FROM events").one();
    return row.seq ?? this.latestSeq() + 1;
  }

  /** Every kept event after `since`, oldest first (optionally only one job's). */
  since(since: number, jobId?: string): SequencedEvent[] {
    const rows = jobId
      ? this.sql.exec<{ seq: number; body: string; at: string }>(
          "SELECT seq, body, at FROM events WHERE seq > ? AND job_id = ? ORDER BY seq",
          since,
          jobId,
        )
      : this.sql.exec<{ seq: number; body: string; at: string }>(
          "SELECT seq, body, at FROM events WHERE seq > ? ORDER BY seq",
          since,
        );
    return rows.toArray().map((r) => ({ ...(JSON.parse(r.body) as HubEvent), seq: r.seq, at: r.at }));
  }

  /**
   * What a client that last saw `since` gets: the events after it, or a resync when `since` is
   * older than the log keeps or newer than anything the hub ever sent (its storage was reset) —
   * either way the client must reload its state.
   */
  replay(since: number): SequencedEvent[] | Extract<ServerMessage, { type: "resync" }> {
    const oldest = this.oldestSeq();
    const latest = this.latestSeq();
    if (since < oldest - 1 || since > latest)
      return {
        type: "resync",
        reason: since > latest ? "unknown_seq" : "gap_too_old",
        oldestSeq: oldest,
        latestSeq: latest,
      };
    return this.since(since);
  }
}
