/**
 * One health check of one media runner: GET /healthz within a short deadline, parsed with the
 * runner protocol's schema. The answer carries the runner's running jobs and its capacity, which
 * is what the pool ranks runners by, and the languages its engines can do, which is what a job's
 * language is checked against at submit.
 */
import { RunnerHealth } from "../../containers/media-runner/src/protocol";

/** How long a runner may take to answer a health check before it counts as failed. */
export const PROBE_TIMEOUT_MS = 2000;

export interface ProbeResult {
  name: string;
  ok: boolean;
  activeJobs: number;
  maxJobs: number;
  /** Engine → languages it can transcribe now; undefined when the runner does not say (an older one). */
  languages?: Record<string, string[]>;
  error?: string;
}

/** The primary subtag of a BCP 47 tag, lower-cased ("en-US" → "en"): how runners name their languages. */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] ?? tag).toLowerCase();
}

/** The configured local runner base URLs (RUNNER_URLS); empty where the container pool is used. */
export function configuredRunners(env: Pick<Env, "RUNNER_URLS">): string[] {
  return env.RUNNER_URLS.split(",")
    .map((u) => u.trim().replace(/\/$/, ""))
    .filter(Boolean);
}

/** Checks one runner; never throws, a failure is a result with ok = false. */
export async function probeRunner(base: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok)
      return { name: base, ok: false, activeJobs: 0, maxJobs: 0, error: `healthz answered ${response.status}` };
    const health = RunnerHealth.safeParse(await response.json());
    if (!health.success)
      return { name: base, ok: false, activeJobs: 0, maxJobs: 0, error: "healthz answer outside the protocol" };
    const { currentJobs, maxConcurrentJobs, languages } = health.data;
    return {
      name: base,
      ok: true,
      activeJobs: currentJobs.length,
      maxJobs: maxConcurrentJobs,
      ...(languages && { languages }),
    };
  } catch (error) {
    return { name: base, ok: false, activeJobs: 0, maxJobs: 0, error: String(error).slice(0, 200) };
  }
}
