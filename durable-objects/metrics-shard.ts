/**
 * Prometheus counters aggregated across isolates. Each isolate sends its batched increments to
 * one of SHARD_COUNT shards (`metrics-shard-{i}`); a scrape reads every shard and adds them up,
 * so it sees every request, and no single object takes every write.
 */
import { DurableObject } from "cloudflare:workers";
import type { Sample } from "../workers/metrics/buffer";

/** A gauge reported by one source (e.g. one workspace hub), summed over sources at scrape time. */
export interface GaugeReport {
  n: string;
  l: string;
  v: number;
}

export class MetricsShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS samples (name TEXT NOT NULL, labels TEXT NOT NULL, bucket INTEGER NOT NULL, value REAL NOT NULL,
        PRIMARY KEY (name, labels, bucket)) WITHOUT ROWID`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS gauges (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL,
        PRIMARY KEY (name, labels)) WITHOUT ROWID`);
    });
  }

  /** Adds a batch of increments (counters, histogram buckets and sums). */
  add(samples: Sample[]): void {
    for (const s of samples) {
      this.sql.exec(
        "INSERT INTO samples (name, labels, bucket, value) VALUES (?, ?, ?, ?) ON CONFLICT (name, labels, bucket) DO UPDATE SET value = value + excluded.value",
        s.n,
        s.l,
        s.b,
        s.v,
      );
    }
  }

  /** Sets gauges to the values their sources report now; a zero removes the row. */
  setGauges(reports: GaugeReport[]): void {
    for (const g of reports) {
      if (g.v === 0) this.sql.exec("DELETE FROM gauges WHERE name = ? AND labels = ?", g.n, g.l);
      else
        this.sql.exec(
          "INSERT INTO gauges (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = excluded.value",
          g.n,
          g.l,
          g.v,
        );
    }
  }

  /** Everything this shard holds, for a scrape to merge. */
  read(): { samples: Sample[]; gauges: GaugeReport[] } {
    const samples = this.sql
      .exec<{ name: string; labels: string; bucket: number; value: number }>(
        "SELECT name, labels, bucket, value FROM samples",
      )
      .toArray();
    const gauges = this.sql
      .exec<{ name: string; labels: string; value: number }>("SELECT name, labels, value FROM gauges")
      .toArray();
    return {
      samples: samples.map((r) => ({ n: r.name, l: r.labels, b: r.bucket, v: r.value })),
      gauges: gauges.map((r) => ({ n: r.name, l: r.labels, v: r.value })),
    };
  }
}
