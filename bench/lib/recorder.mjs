// Collects every timing of a load run by name (an endpoint, a WebSocket delivery, …) so the
// percentiles are exact, and counts failures next to them. For API requests it also keeps the
// time the Worker itself reported (its Server-Timing `app` entry), to tell time spent in our
// code from time spent waiting for the one workerd thread, and when each request started, for
// the view over time.
import { percentile } from "./load.mjs";

export class Recorder {
  #series = new Map();
  /** [started at (performance.now()), ms, name] of every observation. */
  #timeline = [];

  #get(name) {
    if (!this.#series.has(name)) this.#series.set(name, { times: [], inWorker: [], errors: 0, statuses: {} });
    return this.#series.get(name);
  }

  /** One observation of `name`: its duration in ms, whether it succeeded, and the Worker's own time. */
  record(name, ms, ok = true, status = undefined, inWorkerMs = undefined) {
    const series = this.#get(name);
    series.times.push(ms);
    if (Number.isFinite(inWorkerMs)) series.inWorker.push(inWorkerMs);
    this.#timeline.push([performance.now() - ms, ms, name]);
    if (!ok) {
      series.errors++;
      const key = String(status ?? "network");
      series.statuses[key] = (series.statuses[key] ?? 0) + 1;
    }
  }

  /** Per window of `windowMs` from `from`: how many observations `include(name)` and their p50/p95. */
  windows(from, windowMs, count, include) {
    const buckets = Array.from({ length: count }, () => []);
    for (const [at, ms, name] of this.#timeline) {
      const i = Math.floor((at - from) / windowMs);
      if (include(name) && i >= 0 && i < count) buckets[i].push(ms);
    }
    return buckets.map((times) => {
      times.sort((a, b) => a - b);
      return { count: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
    });
  }

  /** Per name: count, p50/p95/p99/max (ms), errors and error rate, which statuses failed, p50/p95 in the Worker. */
  summary() {
    return [...this.#series.entries()].map(([name, s]) => {
      const sorted = [...s.times].sort((a, b) => a - b);
      const inWorker = [...s.inWorker].sort((a, b) => a - b);
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
        ...(inWorker.length
          ? { inWorkerP50: round(percentile(inWorker, 50)), inWorkerP95: round(percentile(inWorker, 95)) }
          : {}),
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
    const inWorker = /\bapp;dur=([\d.]+)/.exec(res.headers.get("Server-Timing") ?? "");
    rec.record(
      name,
      performance.now() - started,
      okStatuses.includes(res.status),
      res.status,
      inWorker ? Number(inWorker[1]) : undefined,
    );
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
