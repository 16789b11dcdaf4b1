/**
 * whisper.cpp through its CLI (`whisper-cli`), for languages PocketSphinx cannot do (Japanese
 * among them). Configured by WHISPER_BIN and WHISPER_MODEL; without both, jobs asking for it are
 * refused with engine_unavailable before any work starts.
 */
import { readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { RunnerFailure } from "../errors.ts";
import { describeFailure, runProcess } from "../process.ts";
import type { ChunkRequest, SpeechEngine } from "./engine.ts";
import { primaryLanguage } from "./engine.ts";
import { findExecutable, isReadable } from "./installed.ts";
import { guardWhisperSegments, isSilentChunk, wavEnergy } from "./whisper-guards.ts";
import { decodeWhisperOutput, parseWhisperJson } from "./whisper-json.ts";
import { isEnglishOnlyModel, WHISPER_LANGUAGES } from "./whisper-languages.ts";

export { decodeWhisperOutput, parseWhisperJson } from "./whisper-json.ts";

export interface WhisperConfig {
  /** Path or PATH-relative name of whisper-cli; undefined when not configured. */
  binary: string | undefined;
  /** A ggml model file (e.g. ggml-base.bin; multilingual for anything but English). */
  model: string | undefined;
  /** The whisper.cpp release the binary was built from (the CLI has no --version). */
  version: string | undefined;
  threads: number;
}

/** Throws engine_unavailable unless the binary and the model are both present. */
async function assertInstalled(config: WhisperConfig): Promise<{ binary: string; model: string }> {
  const unavailable = (why: string) =>
    new RunnerFailure("engine_unavailable", `whisper is not available on this runner: ${why}`, { status: 501 });
  if (!config.binary || !config.model) throw unavailable("WHISPER_BIN and WHISPER_MODEL must both be set");
  if (!(await isReadable(config.model))) throw unavailable(`model ${config.model} not found`);
  if (!(await findExecutable(config.binary))) throw unavailable(`${config.binary} not found`);
  return { binary: config.binary, model: config.model };
}

/** What the model transcribes: a multilingual model Whisper's whole set, an English-only one "en". */
function modelLanguages(model: string): readonly string[] {
  return isEnglishOnlyModel(basename(model)) ? ["en"] : WHISPER_LANGUAGES;
}

/** The whisper.cpp engine. */
export function createWhisperEngine(config: WhisperConfig): SpeechEngine {
  return {
    name: "whisper",
    async assertCanRun(language) {
      const { model } = await assertInstalled(config);
      // An English-only model (ggml-base.en.bin) would answer anything else with English.
      if (!modelLanguages(model).includes(primaryLanguage(language))) {
        const why = isEnglishOnlyModel(basename(model))
          ? `the whisper model ${basename(model)} is English-only`
          : "whisper has no such language";
        throw new RunnerFailure("unsupported_language", `${why}, not "${language}"`, { status: 422 });
      }
    },
    async languages() {
      // Nothing can run without the binary and the model, so the engine then offers no language.
      const installed = await assertInstalled(config).catch(() => undefined);
      return installed ? [...modelLanguages(installed.model)] : [];
    },
    async transcribeChunk(wavPath: string, request: ChunkRequest) {
      const { binary, model } = await assertInstalled(config);
      // On silence whisper makes text up ("ご視聴ありがとうございました"): such a chunk never reaches it.
      const energy = wavEnergy(await readFile(wavPath));
      if (isSilentChunk(energy)) return [];
      const outputBase = join(request.scratchDir, `${basename(wavPath, ".wav")}.whisper`);
      const args = [
        "-m",
        model,
        "-f",
        wavPath,
        "-l",
        primaryLanguage(request.language),
        "-t",
        String(config.threads),
        ...(request.prompt ? ["--prompt", request.prompt] : []),
        "-np",
        "-ojf",
        "-of",
        outputBase,
      ];
      const result = await runProcess(binary, args, { signal: request.signal });
      if (result.exitCode !== 0) {
        throw new RunnerFailure("engine_failed", describeFailure("whisper-cli", result), { retryable: true });
      }
      const jsonPath = `${outputBase}.json`;
      try {
        const segments = parseWhisperJson(decodeWhisperOutput(await readFile(jsonPath)), request.offsetSeconds);
        return guardWhisperSegments(segments, energy, request.offsetSeconds);
      } finally {
        await rm(jsonPath, { force: true });
      }
    },
    async version() {
      if (!config.binary || !config.model) return "not configured";
      return `whisper.cpp ${config.version ?? "(unknown release)"} ${basename(config.model)}`;
    },
  };
}
