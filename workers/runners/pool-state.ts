/**
 * The runner pool's shared state, kept in the SQLite storage of the `runner-pool` MetricsShard
 * instance. A runner that fails a health check leaves the pool at once; one that passes a check
 * (re)joins. Every change of membership is returned as a capacity change, so the caller can tell
 * workspaces when capacity drops.
 */
import type { ProbeResult } from "./probe";

export interface RunnerState {
  name: string;
  up: boolean;
  activeJobs: number;
  maxJobs: number;
  consecutiveFailures: number;
  lastCheckAt: string | null;
  lastError: string | null;
  /** When the runner last joined or left the pool. */
  changedAt: string;
  /** Engine → languages, as of the runner's last healthy check; null until it reported them. */
  languages: Record<string, string[]> | null;
}

export interface CapacityChange {
  before: number;
  after: number;
  total: number;
  left: string[];
  joined: string[];
}

interface RunnerRow extends Record<string, SqlStorageValue> {
  name: string;
  up: number;
  active_jobs: number;
  max_jobs: number;
  consecutive_failures: number;
  last_check_at: string | null;
  last_error: string | null;
  changed_at: string;
  languages: string | null;
}

/** Pool membership over a Durable Object's SQL storage. */
export class RunnerPoolState {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS runners (
      name TEXT PRIMARY KEY, up INTEGER NOT NULL, active_jobs INTEGER NOT NULL, max_jobs INTEGER NOT NULL,
      consecutive_failures INTEGER NOT NULL, last_check_at TEXT, last_error TEXT, changed_at TEXT NOT NULL, languages TEXT)`);
  }

  /** Every known runner among `configured`; runners no longer configured are forgotten. */
  list(configured: string[]): RunnerState[] {
    const rows = new Map(
      this.sql
        .exec<RunnerRow>("SELECT * FROM runners")
        .toArray()
        .map((row) => [row.name, row]),
    );
    for (const name of rows.keys())
      if (!configured.includes(name)) this.sql.exec("DELETE FROM runners WHERE name = ?", name);
    // A runner never checked yet is presumed up, so a fresh deployment takes work at once.
    return configured.map((name) => {
      const row = rows.get(name);
      if (!row)
        return {
          name,
          up: true,
          activeJobs: 0,
          maxJobs: 1,
          consecutiveFailures: 0,
          lastCheckAt: null,
          lastError: null,
          changedAt: new Date(0).toISOString(),
          languages: null,
        };
      return {
        name,
        up: row.up === 1,
        activeJobs: row.active_jobs,
        maxJobs: row.max_jobs,
        consecutiveFailures: row.consecutive_failures,
        lastCheckAt: row.last_check_at,
        lastError: row.last_error,
        changedAt: row.changed_at,
        languages: row.languages === null ? null : (JSON.parse(row.languages) as Record<string, string[]>),
      };
    });
  }

  /** Applies check results; returns the capacity change when membership changed. */
  apply(configured: string[], results: ProbeResult[], now = new Date().toISOString()): CapacityChange | undefined {
    const before = this.list(configured);
    const left: string[] = [];
    const joined: string[] = [];
    for (const result of results) {
      const previous = before.find((r) => r.name === result.name);
      if (!previous) continue;
      if (previous.up && !result.ok) left.push(result.name);
      if (!previous.up && result.ok) joined.push(result.name);
      const changed = previous.up !== result.ok || previous.lastCheckAt === null;
      this.sql.exec(
        `INSERT INTO runners (name, up, active_jobs, max_jobs, consecutive_failures, last_check_at, last_error, changed_at, languages)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET up = excluded.up, active_jobs = excluded.active_jobs, max_jobs = excluded.max_jobs,
           consecutive_failures = excluded.consecutive_failures, last_check_at = excluded.last_check_at,
           last_error = excluded.last_error, changed_at = excluded.changed_at, languages = excluded.languages`,
        result.name,
        result.ok ? 1 : 0,
        result.ok ? result.activeJobs : 0,
        result.ok ? result.maxJobs : previous.maxJobs,
        result.ok ? 0 : previous.consecutiveFailures + 1,
        now,
        result.error ?? null,
        changed ? now : previous.changedAt,
        // A failed check says nothing about the engines, so what the runner last reported stays.
        result.ok
          ? result.languages
            ? JSON.stringify(result.languages)
            : null
          : previous.languages && JSON.stringify(previous.languages),
      );
    }
    if (left.length === 0 && joined.length === 0) return undefined;
    const upBefore = before.filter((r) => r.up).length;
    return { before: upBefore, after: upBefore - left.length + joined.length, total: configured.length, left, joined };
  }

  /** True while some configured runner is out of the pool. */
  anyDown(configured: string[]): boolean {
    return this.list(configured).some((r) => !r.up);
  }
}
