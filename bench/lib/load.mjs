// A bounded load run with autocannon that keeps every response time, so the percentiles
// (p50/p95/p99) are exact rather than autocannon's fixed buckets.
import autocannon from "autocannon";

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Loads `url` for `seconds` with `connections`; returns req/s, percentiles and error counts. */
export async function load({ url, connections, seconds, headers = {} }) {
  const times = [];
  let non2xx = 0;
  const instance = autocannon({ url, connections, duration: seconds, headers });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    times.push(responseTime);
    if (status < 200 || status >= 300) non2xx++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    rps: result.requests.total / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: result.errors + result.timeouts + non2xx,
    total: result.requests.total,
  };
}

/** Prints rows as an aligned text table. */
export function printTable(title, columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join("  ");
  console.log(`\n${title}\n${line(columns)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row));
}
