/**
 * Least-busy choice among healthy runners. For a transcription, only runners whose engines can
 * do its language, when there are any (a runner that cannot would refuse the job for good).
 * Runners are ordered by how full they are (running jobs over capacity), then by running
 * jobs; equally loaded runners take turns by delivery, so a retried stage starts on a different
 * runner than the attempt before.
 */
import { type ProbeResult, primaryLanguage } from "./probe";

/** What a transcription needs of a runner: its language, and the engine when the job names one. */
export interface RunnerNeed {
  language: string;
  engine?: string;
}

/** False only for a runner that reported its languages and can do none of `need`'s. */
export function canServe(result: ProbeResult, need: RunnerNeed | undefined): boolean {
  if (!need || !result.languages) return true;
  const language = primaryLanguage(need.language);
  return Object.entries(result.languages).some(
    ([engine, languages]) => (!need.engine || engine === need.engine) && languages.includes(language),
  );
}

/** Healthy runners able to do `need`, least busy first; `delivery` rotates runners that are equally loaded. */
export function rankRunners(results: ProbeResult[], delivery: number, need?: RunnerNeed): string[] {
  const up = results.filter((r) => r.ok);
  const able = up.filter((r) => canServe(r, need));
  // A runner that cannot do the job would refuse it for good, so it is left out while an able one
  // is up (a failure there retries later). With none able, the pool changed since the job was
  // accepted: every runner is offered and the refusal fails the job with the runner's reason.
  const healthy = able.length > 0 ? able : up;
  const load = (r: ProbeResult) => (r.maxJobs > 0 ? r.activeJobs / r.maxJobs : 1);
  const shift = healthy.length > 0 ? (((delivery - 1) % healthy.length) + healthy.length) % healthy.length : 0;
  const turn = new Map(healthy.map((r, i) => [r.name, (i - shift + healthy.length) % healthy.length]));
  return healthy
    .sort((a, b) => load(a) - load(b) || a.activeJobs - b.activeJobs || turn.get(a.name)! - turn.get(b.name)!)
    .map((r) => r.name);
}
