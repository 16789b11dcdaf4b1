/**
 * CMU PocketSphinx (pocketsphinx_continuous 0.8+5prealpha) with the generic US-English model:
 * offline, CPU-only and available from Debian, so it is the engine every environment has.
 */
import { RunnerFailure } from "../errors.ts";
import { describeFailure, runProcess } from "../process.ts";
import type { Segment, Word } from "../protocol.ts";
import type { ChunkRequest, SpeechEngine } from "./engine.ts";
import { clampConfidence, mean, primaryLanguage, round3 } from "./engine.ts";
import { findExecutable, isReadable } from "./installed.ts";

export interface PocketsphinxConfig {
  binary: string;
  /** Directory holding en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict. */
  modelDir: string;
}

/** A pause longer than this inside one utterance starts a new segment. */
const SEGMENT_PAUSE_SECONDS = 0.7;

/** `word start end confidence`; hypothesis lines never end in three decimals. */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?(?:e-?\d+)?)$/;
/** <s>, </s>, <sil>, [NOISE], [SPEECH], ++UM++: markers, not words. */
const FILLER = /^(<.*>|\[.*\]|\+\+.*\+\+)$/;

/** Parses `-time yes` output into segments: one per utterance, split again on long pauses. */
export function parsePocketsphinxOutput(output: string, offsetSeconds: number): Segment[] {
  const utterances: Word[][] = [];
  let current: Word[] = [];
  const flush = () => {
    if (current.length > 0) utterances.push(current);
    current = [];
  };
  for (const line of output.split("\n")) {
    const match = WORD_LINE.exec(line.trim());
    if (!match) continue;
    const [, token = "", start, end, confidence] = match;
    if (token === "<s>" || token === "</s>") {
      flush();
      continue;
    }
    if (FILLER.test(token)) continue;
    const word: Word = {
      word: token.replace(/\(\d+\)$/, ""),
      start: round3(Number(start) + offsetSeconds),
      end: round3(Number(end) + offsetSeconds),
      confidence: round3(clampConfidence(Number(confidence))),
    };
    const previous = current.at(-1);
    if (previous && word.start - previous.end > SEGMENT_PAUSE_SECONDS) flush();
    current.push(word);
  }
  flush();
  return utterances.map(toSegment);
}

function toSegment(words: Word[]): Segment {
  return {
    start: words[0]?.start ?? 0,
    end: words.at(-1)?.end ?? 0,
    text: words.map((word) => word.word).join(" "),
    confidence: round3(mean(words.map((word) => word.confidence))),
    words,
  };
}

/** The PocketSphinx engine; only English, because only the en-us model is installed. */
export function createPocketsphinxEngine(config: PocketsphinxConfig): SpeechEngine {
  let cachedVersion: Promise<string> | undefined;
  return {
    name: "pocketsphinx",
    async assertCanRun(language) {
      if (primaryLanguage(language) !== "en") {
        throw new RunnerFailure("unsupported_language", `pocketsphinx supports only "en", not "${language}"`, {
          status: 422,
        });
      }
    },
    async languages() {
      const model = [
        `${config.modelDir}/en-us`,
        `${config.modelDir}/en-us.lm.bin`,
        `${config.modelDir}/cmudict-en-us.dict`,
      ];
      const present = await Promise.all([findExecutable(config.binary), ...model.map((path) => isReadable(path))]);
      return present.every(Boolean) ? ["en"] : [];
    },
    async transcribeChunk(wavPath: string, request: ChunkRequest) {
      const args = [
        "-infile",
        wavPath,
        "-time",
        "yes",
        "-logfn",
        "/dev/null",
        "-hmm",
        `${config.modelDir}/en-us`,
        "-lm",
        `${config.modelDir}/en-us.lm.bin`,
        "-dict",
        `${config.modelDir}/cmudict-en-us.dict`,
      ];
      const result = await runProcess(config.binary, args, { signal: request.signal });
      if (result.exitCode !== 0) {
        throw new RunnerFailure("engine_failed", describeFailure("pocketsphinx_continuous", result), {
          retryable: true,
        });
      }
      return parsePocketsphinxOutput(result.stdout, request.offsetSeconds);
    },
    version() {
      cachedVersion ??= readPackageVersion();
      return cachedVersion;
    },
  };
}

/** pocketsphinx_continuous has no version flag; Debian's package version is the precise answer. */
async function readPackageVersion(): Promise<string> {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
    const result = await runProcess("dpkg-query", ["-W", "-f", "${Version}", "pocketsphinx"]);
    const version = result.stdout.trim();
    if (result.exitCode === 0 && version) return `pocketsphinx ${version}`;
  } catch {
    // Not a Debian system: fall through to the upstream release this runner is written against.
  }
  return "pocketsphinx 0.8+5prealpha";
}
