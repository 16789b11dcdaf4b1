/**
 * The engines this runner offers, by the name used in TranscribeOptions.engine, and the versions
 * and languages /healthz reports.
 */
import type { RunnerConfig } from "../config.ts";
import { runProcess } from "../process.ts";
import type { TranscribeOptions } from "../protocol.ts";
import type { SpeechEngine } from "./engine.ts";
import { primaryLanguage } from "./engine.ts";
import { createPocketsphinxEngine } from "./pocketsphinx.ts";
import { createWhisperEngine } from "./whisper.ts";

export type EngineName = NonNullable<TranscribeOptions["engine"]>;
export type Engines = Record<EngineName, SpeechEngine>;

/** The order a job that names no engine is offered to them: PocketSphinx first, as it always was. */
const PREFERENCE: readonly EngineName[] = ["pocketsphinx", "whisper"];

/** Builds every engine from the runner configuration. */
export function createEngines(config: RunnerConfig): Engines {
  return { pocketsphinx: createPocketsphinxEngine(config.pocketsphinx), whisper: createWhisperEngine(config.whisper) };
}

let ffmpegVersion: Promise<string> | undefined;

/** "ffmpeg 5.1.9-0+deb12u1", from the first line of `ffmpeg -version` (read once). */
export function readFfmpegVersion(): Promise<string> {
  ffmpegVersion ??= runProcess("ffmpeg", ["-hide_banner", "-version"]).then(
    (result) => {
      const match = /^ffmpeg version (\S+)/m.exec(result.stdout);
      return match?.[1] ? `ffmpeg ${match[1]}` : "ffmpeg (unknown version)";
    },
    () => "ffmpeg (not installed)",
  );
  return ffmpegVersion;
}

/** Versions of ffmpeg and every engine, for /healthz. */
export async function readEngineVersions(engines: Engines): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(engines).map(async ([name, engine]): Promise<[string, string]> => [name, await engine.version()]),
  );
  return { ffmpeg: await readFfmpegVersion(), ...Object.fromEntries(entries) };
}

/** The languages each engine can transcribe right now, for /healthz. */
export async function readEngineLanguages(engines: Engines): Promise<Record<string, string[]>> {
  const entries = await Promise.all(
    Object.entries(engines).map(
      async ([name, engine]): Promise<[string, string[]]> => [name, await engine.languages()],
    ),
  );
  return Object.fromEntries(entries);
}

/**
 * The engine a job runs on: the one it names, else the first that can do its language, so a
 * Japanese job that names none reaches whisper where whisper is installed. With no such engine
 * the default one is returned and refuses the job with its own reason.
 */
export async function chooseEngine(
  engines: Engines,
  options: Pick<TranscribeOptions, "engine" | "language">,
): Promise<SpeechEngine> {
  if (options.engine) return engines[options.engine];
  const language = primaryLanguage(options.language);
  for (const name of PREFERENCE) if ((await engines[name].languages()).includes(language)) return engines[name];
  return engines[PREFERENCE[0]!];
}
