/**
 * The hub's bounded event log in the Durable Object's SQLite: every published event gets the next
 * sequence number of the workspace, so a client that reconnects can ask for what it missed.
 */
import type { HubEvent, SequencedEvent } from "./protocol";

export const MAX_LOGGED_EVENTS = 2000;

export class EventLog {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      type TEXT NOT NULL,
      job_id TEXT,
      body TEXT NOT NULL,
      at TEXT NOT NULL
    )`);
    sql.exec("CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq)");
  }

  /** Appends an event and returns it with its sequence number; drops the oldest past the bound. */
  append(event: HubEvent): SequencedEvent {
    const at = new Date().toISOString();
    const jobId = "jobId" in event ? event.jobId : null;
    const { seq } = this.sql
      .exec<{ seq: number }>("INSERT INTO events (type, job_id, body, at) VALUES (?, ?, ?, ?) RETURNING seq", event.type, jobId, JSON.stringify(event), at)
      .one();
    if (seq % 100 === 0) this.sql.exec("DELETE FROM events WHERE seq <= ?", seq - MAX_LOGGED_EVENTS);
    return { ...event, seq, at };
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
      ? this.sql.exec<{ seq: number; body: string; at: string }>("SELECT seq, body, at FROM events WHERE seq > ? AND job_id = ? ORDER BY seq", since, jobId)
      : this.sql.exec<{ seq: number; body: string; at: string }>("SELECT seq, body, at FROM events WHERE seq > ? ORDER BY seq", since);
    return rows.toArray().map((r) => ({ ...(JSON.parse(r.body) as HubEvent), seq: r.seq, at: r.at }));
  }
}
