/**
 * Merging shard contents and rendering the Prometheus text exposition format (version 0.0.4):
 * `# HELP` and `# TYPE` per metric, cumulative `_bucket{le=…}` series plus `_sum` and `_count`
 * for histograms.
 */
import type { GaugeReport } from "../../durable-objects/metrics-shard";
import type { Sample } from "./buffer";
import { formatLabels, type Labels, METRICS, type MetricDefinition, type MetricName } from "./registry";

interface HistogramSeries {
  buckets: number[];
  sum: number;
}

/** Every series of one scrape, merged from all shards and the values read at scrape time. */
export class MetricSet {
  private readonly values = new Map<string, Map<string, number>>();
  private readonly histograms = new Map<string, Map<string, HistogramSeries>>();

  /** Adds one shard row: a counter value, a histogram bucket, or a histogram sum. */
  addSample(sample: Sample): void {
    const definition = (METRICS as Record<string, MetricDefinition>)[sample.n];
    if (!definition) return;
    if (definition.type !== "histogram") {
      this.add(sample.n, sample.l, sample.v);
      return;
    }
    const series = this.seriesMap(this.histograms, sample.n);
    const entry = series.get(sample.l) ?? {
      buckets: new Array<number>(definition.buckets!.length + 1).fill(0),
      sum: 0,
    };
    if (sample.b < 0) entry.sum += sample.v;
    else if (sample.b < entry.buckets.length) entry.buckets[sample.b]! += sample.v;
    series.set(sample.l, entry);
  }

  /** Adds a gauge one source reported; sources (e.g. workspace hubs) are summed into one series. */
  addGaugeReport(report: GaugeReport): void {
    this.add(report.n, "", report.v);
  }

  /** Sets a value read at scrape time. */
  set(name: MetricName, labels: Labels, value: number): void {
    this.seriesMap(this.values, name).set(formatLabels(labels), value);
  }

  /** The text exposition of every metric that has at least one series. */
  render(): string {
    const lines: string[] = [];
    for (const [name, definition] of Object.entries(METRICS) as [MetricName, MetricDefinition][]) {
      const plain = this.values.get(name);
      const histogram = this.histograms.get(name);
      if (!plain?.size && !histogram?.size) continue;
      lines.push(`# HELP ${name} ${definition.help}`, `# TYPE ${name} ${definition.type}`);
      for (const [labels, value] of [...(plain ?? [])].sort())
        lines.push(`${name}${braces(labels)} ${formatNumber(value)}`);
      for (const [labels, series] of [...(histogram ?? [])].sort())
        lines.push(...histogramLines(name, definition.buckets!, labels, series));
    }
    return `${lines.join("\n")}\n`;
  }

  private add(name: string, labels: string, value: number): void {
    const series = this.seriesMap(this.values, name);
    series.set(labels, (series.get(labels) ?? 0) + value);
  }

  private seriesMap<V>(maps: Map<string, Map<string, V>>, name: string): Map<string, V> {
    let series = maps.get(name);
    if (!series) maps.set(name, (series = new Map()));
    return series;
  }
}

function braces(labels: string): string {
  return labels ? `{${labels}}` : "";
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(Math.round(value * 1e9) / 1e9);
}

function histogramLines(name: string, bounds: readonly number[], labels: string, series: HistogramSeries): string[] {
  const lines: string[] = [];
  const prefix = labels ? `${labels},` : "";
  let cumulative = 0;
  series.buckets.forEach((count, i) => {
    cumulative += count;
    const le = i < bounds.length ? String(bounds[i]) : "+Inf";
    lines.push(`${name}_bucket{${prefix}le="${le}"} ${formatNumber(cumulative)}`);
  });
  lines.push(
    `${name}_sum${braces(labels)} ${formatNumber(series.sum)}`,
    `${name}_count${braces(labels)} ${formatNumber(cumulative)}`,
  );
  return lines;
}
