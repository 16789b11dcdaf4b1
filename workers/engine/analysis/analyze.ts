/**
 * analyze(): from what was said to sentences, scenes, key phrases and cues. Pure and
 * deterministic; bounded by MAX_ANALYZED_CHARS and MAX_SENTENCES whatever the input.
 */
import { MAX_SENTENCES } from "../limits";
import { detectLanguage } from "../text/language";
import { normalizeTranscript } from "../text/normalize";
import { type SentenceSpan, splitSentences } from "../text/sentences";
import { findTimes } from "../text/times";
import { tokenize } from "../text/tokens";
import { findCues, totalCues } from "./cues";
import { rankKeyPhrases } from "./key-phrases";
import { type PhraseMention, phraseMentions } from "./phrases";
import { buildScenes } from "./scenes";
import { joinSegments, type TimedText, untimedText } from "./timed-text";
import type { Analysis, AnalyzedSentence, AnalyzeInput } from "./types";

// Japanese speech-to-text output often has no 。 at all; then each segment end is a sentence end.
const MIN_TERMINATORS_PER_CHAR = 1 / 150;

function readInput(input: AnalyzeInput): { source: TimedText; language: "ja" | "en" } {
  const segments = Array.isArray(input.segments) ? input.segments.filter((s) => s && typeof s.text === "string") : [];
  if (segments.length > 0) {
    const source = joinSegments(segments);
    return { source, language: input.language ?? detectLanguage(source.text) };
  }
  const { text, truncated } = normalizeTranscript(typeof input.text === "string" ? input.text : "");
  const language = input.language ?? detectLanguage(text);
  return { source: untimedText(text, truncated, language), language };
}

function hasFewTerminators(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) if ("。.!?".includes(text[i]!)) count++;
  return count < text.length * MIN_TERMINATORS_PER_CHAR;
}

function analyzeSentence(span: SentenceSpan, index: number, language: "ja" | "en") {
  const tokens = tokenize(span.text);
  const times = findTimes(span.text, tokens, language);
  const cues = findCues(span.text, tokens, times, language);
  const mentions = phraseMentions(tokens, span.text, language);
  const isQuestion =
    /[?？]["」』)]*$/.test(span.text) || (language === "ja" && /(ですか|ますか|でしょうか)[。]?$/.test(span.text));
  return { index, span, times, cues, mentions, isQuestion };
}

/** Splits a transcript into sentences and scenes and finds its key phrases and structural cues. */
export function analyze(input: AnalyzeInput): Analysis {
  const { source, language } = readInput(input);
  const boundaries = source.timed && hasFewTerminators(source.text) ? source.segmentEnds : new Set<number>();
  const spans = splitSentences(source.text, boundaries);
  const parsed = spans.map((span, index) => analyzeSentence(span, index, language));
  const mentionsBySentence: PhraseMention[][] = parsed.map((p) => p.mentions);
  const keyPhrases = rankKeyPhrases(mentionsBySentence);
  const kept = new Set(keyPhrases.map((p) => p.key));
  const scenes = buildScenes(spans, language, source.timeAt);
  const sceneOf = new Map<number, string>();
  for (const scene of scenes) for (const index of scene.sentenceIndexes) sceneOf.set(index, scene.id);
  const sentences: AnalyzedSentence[] = parsed.map((p) => ({
    index: p.index,
    text: p.span.text,
    start: p.span.start,
    end: p.span.end,
    sceneId: sceneOf.get(p.index)!,
    cues: p.cues,
    phraseKeys: [...new Set(p.mentions.map((m) => m.key).filter((k) => kept.has(k)))],
    times: p.times.map((t) => t.text),
    isQuestion: p.isQuestion,
  }));
  return {
    language,
    text: source.text,
    truncated: source.truncated || spans.length >= MAX_SENTENCES,
    sentences,
    scenes,
    keyPhrases,
    cueTotals: totalCues(parsed.map((p) => p.cues)),
    timed: source.timed,
  };
}
