// Collects every timing of a load run by name (an endpoint, a WebSocket delivery, …) so the
// percentiles are exact, and counts failures next to them.
import { percentile } from "./load.mjs";

export class Recorder {
  #series = new Map();

  #get(name) {
    if (!this.#series.has(name)) this.#series.set(name, { times: [], errors: 0, statuses: {} });
    return this.#series.get(name);
  }

  /** One observation of `name`: its duration in ms and whether it succeeded. */
  record(name, ms, ok = true, status = undefined) {
    const series = this.#get(name);
    series.times.push(ms);
    if (!ok) {
      series.errors++;
      const key = String(status ?? "network");
      series.statuses[key] = (series.statuses[key] ?? 0) + 1;
    }
  }

  /** Per name: count, p50/p95/p99/max (ms), errors and error rate, and which statuses failed. */
  summary() {
    return [...this.#series.entries()].map(([name, s]) => {
      const sorted = [...s.times].sort((a, b) => a - b);
      const round = (v) => Math.round(v * 10) / 10;
      return {
        name,
        count: sorted.length,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? NaN),
        errors: s.errors,
        errorRate: sorted.length ? s.errors / sorted.length : 0,
        failedStatuses: s.statuses,
      };
    });
  }
}

/** Times one fetch and records it under `name`; resolves to the response (or null on a network error). */
export async function timedFetch(rec, name, url, init = {}, okStatuses = [200, 201, 202]) {
  const started = performance.now();
  try {
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    rec.record(name, performance.now() - started, okStatuses.includes(res.status), res.status);
    return { status: res.status, headers: res.headers, body };
  } catch {
    rec.record(name, performance.now() - started, false);
    return null;
  }
}

/** `body` of a timedFetch result as JSON (null when there is none). */
export function jsonOf(result) {
  if (!result) return null;
  try {
    return JSON.parse(new TextDecoder().decode(result.body));
  } catch {
    return null;
  }
}
