/**
 * Least-busy choice among healthy runners. Runners are ordered by how full they are (running
 * jobs over capacity), then by running jobs; equally loaded runners take turns by delivery, so a
 * retried stage starts on a different runner than the attempt before.
 */
import type { ProbeResult } from "./probe";

/** Healthy runners, least busy first; `delivery` rotates runners that are equally loaded. */
export function rankRunners(results: ProbeResult[], delivery: number): string[] {
  const healthy = results.filter((r) => r.ok);
  const load = (r: ProbeResult) => (r.maxJobs > 0 ? r.activeJobs / r.maxJobs : 1);
  const shift = healthy.length > 0 ? (((delivery - 1) % healthy.length) + healthy.length) % healthy.length : 0;
  const turn = new Map(healthy.map((r, i) => [r.name, (i - shift + healthy.length) % healthy.length]));
  return healthy
    .sort((a, b) => load(a) - load(b) || a.activeJobs - b.activeJobs || turn.get(a.name)! - turn.get(b.name)!)
    .map((r) => r.name);
}
