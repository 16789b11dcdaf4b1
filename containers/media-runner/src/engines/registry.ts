/**
 * The engines this runner offers, by the name used in TranscribeOptions.engine, and the versions
 * /healthz reports.
 */
import type { RunnerConfig } from "../config.ts";
import type { TranscribeOptions } from "../protocol.ts";
import { runProcess } from "../process.ts";
import type { SpeechEngine } from "./engine.ts";
import { createPocketsphinxEngine } from "./pocketsphinx.ts";
import { createWhisperEngine } from "./whisper.ts";

export type EngineName = TranscribeOptions["engine"];
export type Engines = Record<EngineName, SpeechEngine>;

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
