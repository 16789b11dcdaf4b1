/**
 * Which speech engines and languages the healthy runner pool can do right now, from what each
 * runner's /healthz reported at its last check (workers/runners), and the submit-time refusal of
 * a job none of them can do. Nothing is refused while nobody can say: no runner healthy (the job
 * waits in the queue and is retried, as before), a runner that does not report its languages,
 * or the container platform's pool, whose instances are not probed from here.
 */
import { AppError } from "../lib/errors";
import { TtlCache } from "../lib/ttl-cache";
import { runnerPool } from "../runners/pool";
import type { RunnerState } from "../runners/pool-state";
import { primaryLanguage } from "../runners/probe";

export interface EngineCapability {
  name: string;
  /** Primary language subtags, sorted. */
  languages: string[];
}

export interface EngineAvailability {
  /** False when the pool cannot say what it can do; then nothing is refused by language. */
  known: boolean;
  /** Engines at least one healthy runner can run now, with the languages of all of them together. */
  engines: EngineCapability[];
  /** Every language some healthy runner can transcribe now. */
  languages: string[];
  /** The latest health check the answer rests on; null when none was made. */
  checkedAt: string | null;
}

/**
 * Answers are cached per isolate for a few seconds: every submit asks, and the pool's object
 * (one for the deployment) should not see every request. Runner checks themselves run every 15 s.
 */
const AVAILABILITY_TTL_MS = 5_000;
const cache = new TtlCache<EngineAvailability>(AVAILABILITY_TTL_MS, 1);

const UNKNOWN: EngineAvailability = { known: false, engines: [], languages: [], checkedAt: null };

/** What the healthy runners of `runners` can do together. */
export function availabilityOf(runners: RunnerState[]): EngineAvailability {
  const healthy = runners.filter((runner) => runner.up && runner.lastCheckAt !== null);
  if (healthy.length === 0 || healthy.some((runner) => runner.languages === null))
    return { ...UNKNOWN, checkedAt: latestCheck(runners) };
  const byEngine = new Map<string, Set<string>>();
  for (const runner of healthy) {
    for (const [engine, languages] of Object.entries(runner.languages ?? {})) {
      const set = byEngine.get(engine) ?? new Set<string>();
      for (const language of languages) set.add(language);
      byEngine.set(engine, set);
    }
  }
  const engines = [...byEngine]
    .filter(([, languages]) => languages.size > 0)
    .map(([name, languages]) => ({ name, languages: [...languages].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const languages = [...new Set(engines.flatMap((engine) => engine.languages))].sort();
  return { known: true, engines, languages, checkedAt: latestCheck(healthy) };
}

function latestCheck(runners: RunnerState[]): string | null {
  return runners.reduce<string | null>(
    (latest, runner) => (runner.lastCheckAt && (!latest || runner.lastCheckAt > latest) ? runner.lastCheckAt : latest),
    null,
  );
}

/** The pool's engines and languages now; checks the runners first when one was never checked. */
export async function availableEngines(env: Pick<Env, "RUNNER_URLS" | "RUNNER_POOL">): Promise<EngineAvailability> {
  const cached = cache.get("pool");
  if (cached) return cached;
  let pool = await runnerPool(env);
  if (pool.mode === "containers") return UNKNOWN;
  // A runner never checked is presumed up but has said nothing yet; a fresh deployment's first
  // submit waits for one round of checks rather than guessing.
  if (pool.runners.some((runner) => runner.lastCheckAt === null)) pool = await runnerPool(env, true);
  const availability = availabilityOf(pool.runners);
  cache.set("pool", availability);
  return availability;
}

/** Languages in a sentence, shortened when an engine offers dozens. */
function describeLanguages(languages: string[]): string {
  const SHOWN = 12;
  return languages.length <= SHOWN
    ? languages.join(", ")
    : `${languages.slice(0, SHOWN).join(", ")} and ${languages.length - SHOWN} more`;
}

/** The 422 `unsupported_language` problem: names the language and what the pool can do instead. */
export function unsupportedLanguage(
  language: string,
  engine: string | undefined,
  availability: EngineAvailability,
): AppError {
  const offered = availability.engines.filter((e) => !engine || e.name === engine);
  const available =
    offered.length > 0 ? offered.map((e) => `${describeLanguages(e.languages)} (${e.name})`).join("; ") : "none";
  const detail = `No media runner can transcribe "${language}"${engine ? ` with ${engine}` : ""} right now. Available: ${available}. GET /api/v1/engines lists what can run.`;
  const availableLanguages = [...new Set(offered.flatMap((e) => e.languages))].sort();
  return new AppError(422, "unsupported_language", "Unsupported language", detail, {
    language,
    ...(engine && { engine }),
    availableLanguages,
  });
}

/** Throws 422 unsupported_language when no healthy runner can transcribe `language` (with `engine`, if named). */
export async function assertLanguageAvailable(
  env: Pick<Env, "RUNNER_URLS" | "RUNNER_POOL">,
  options: { language: string; engine?: string },
): Promise<void> {
  const availability = await availableEngines(env);
  if (!availability.known) return;
  const wanted = primaryLanguage(options.language);
  const candidates = options.engine
    ? availability.engines.filter((e) => e.name === options.engine)
    : availability.engines;
  if (!candidates.some((e) => e.languages.includes(wanted)))
    throw unsupportedLanguage(options.language, options.engine, availability);
}
