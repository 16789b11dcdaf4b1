/**
 * Sentences from an engine that gives none. PocketSphinx returns words, timings and confidences
 * but no punctuation or capitals, and the 図解 engine splits on punctuation, so an unpunctuated
 * transcript of six steps would draw one node. This turns the runner's segments into one segment
 * per sentence, from what the engine does give: pauses between words, discourse markers ("first",
 * "after that", "finally"), questions, capitals and spoken numbers written as digits. The engine's
 * words and timings are kept untouched on each segment; a restored segment says so.
 */
import type { Segment, Word } from "../../containers/media-runner/src/protocol";
import { BINDING_NEXT, BINDING_WORDS, isQuestion, markerAt, NO_COMMA_BEFORE, SUBORDINATORS } from "./discourse-markers";
import { restoreJapanese } from "./restore-japanese";
import { normalizeSpokenNumbers } from "./spoken-numbers";

/** A stored transcript segment: the runner's, or a sentence restored from its words. */
export interface TranscriptSegment extends Segment {
  /** True when the punctuation and capitals of `text` were restored, not heard by the engine. */
  restored?: true;
}

/** Where the transcript's punctuation comes from. */
export type PunctuationSource = "engine" | "restored";

export interface RestoredTranscript {
  segments: TranscriptSegment[];
  punctuation: PunctuationSource;
}

/** A silence this long ends a sentence whatever follows (pocketsphinx cuts utterances at 0.7 s). */
const SENTENCE_PAUSE_SECONDS = 0.45;
/** A silence the engine marked (<sil>): enough for a weak cue ("but", "if") to start a sentence. */
const SHORT_PAUSE_SECONDS = 0.04;
/** A cue needs this many words before it in the sentence, so "and then" alone never stands as one. */
const MIN_SENTENCE_WORDS = 3;
/** Below this the engine was guessing at a word, so it cannot bind a cue to a phrase. */
const HEARD_CONFIDENCE = 0.3;
/** Longer runs without any cue are cut at their longest pause (captions and labels need it). */
const MAX_SENTENCE_WORDS = 40;

const TERMINATOR = /[.?!。？！]/;

/** Restores sentences and punctuation when no segment carries punctuation; otherwise returns the segments as they are. */
export function restoreSentences(segments: readonly Segment[], language: string): RestoredTranscript {
  if (segments.length === 0 || segments.some((segment) => TERMINATOR.test(segment.text)))
    return { segments: [...segments], punctuation: "engine" };
  const japanese = /^ja\b/i.test(language);
  return { segments: japanese ? restoreJapanese(segments) : restoreEnglish(segments), punctuation: "restored" };
}

interface Placed {
  word: Word;
  /** Lower-case spelling, the form the rules read. */
  key: string;
  /** The engine started a new utterance or segment here. */
  engineBreak: boolean;
}

function restoreEnglish(segments: readonly Segment[]): TranscriptSegment[] {
  const placed: Placed[] = [];
  const wordless: TranscriptSegment[] = [];
  for (const segment of segments) {
    if (segment.words.length === 0) {
      // An engine that gives text but no words: the segment is the sentence.
      if (segment.text.trim()) wordless.push(sentenceFromText(segment));
      continue;
    }
    segment.words.forEach((word, k) => placed.push({ word, key: word.word.toLowerCase(), engineBreak: k === 0 }));
  }
  const sentences = splitLong(splitAtCues(placed));
  return [...sentences.map(toSegment), ...wordless].sort((a, b) => a.start - b.start);
}

function gapBefore(words: readonly Placed[], i: number): number {
  const previous = words[i - 1];
  return previous ? words[i]!.word.start - previous.word.end : 0;
}

/** Cuts the word stream where a pause or a discourse marker starts a new sentence. */
function splitAtCues(words: readonly Placed[]): Placed[][] {
  const keys = words.map((w) => w.key);
  const sentences: Placed[][] = [];
  let current: Placed[] = [];
  for (let i = 0; i < words.length; i++) {
    if (current.length > 0 && startsSentence(keys, words, i, current)) {
      sentences.push(current);
      current = [];
    }
    current.push(words[i]!);
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

function startsSentence(
  keys: readonly string[],
  words: readonly Placed[],
  i: number,
  current: readonly Placed[],
): boolean {
  const gap = gapBefore(words, i);
  if (words[i]!.engineBreak || gap >= SENTENCE_PAUSE_SECONDS) return true;
  if (current.length < MIN_SENTENCE_WORDS) return false;
  // A question after a pause starts anew ("… more customers <sil> how does the system work").
  if (gap >= SHORT_PAUSE_SECONDS && isQuestion(keys.slice(i, i + 2))) return true;
  // "… the data and then we analyse": the sentence starts at "and".
  const start = keys[i] === "and" && markerAt(keys, i + 1)?.strength === "strong" ? i + 1 : i;
  const marker = markerAt(keys, start);
  if (!marker) return false;
  // "the first", "is finally": a word the engine barely heard (often a breath heard as "is") binds nothing.
  const before = start === i ? words[i - 1] : undefined;
  if (before && before.word.confidence >= HEARD_CONFIDENCE && BINDING_WORDS.has(before.key)) return false;
  // "next to", "so that": unless the engine barely heard that word (pocketsphinx often hears the
  // comma pause after "first" or "next" as a faint "to").
  const after = words[start + marker.words.length];
  if (after && after.word.confidence >= HEARD_CONFIDENCE && BINDING_NEXT[marker.words[0]!]?.has(after.key))
    return false;
  // "If the payment fails then we retry" is one sentence.
  if (keys[start] === "then" && SUBORDINATORS.has(current[0]!.key)) return false;
  return marker.strength === "strong" || gap >= SHORT_PAUSE_SECONDS;
}

/** Cuts a sentence longer than MAX_SENTENCE_WORDS at its longest pause, again until each fits. */
function splitLong(sentences: Placed[][]): Placed[][] {
  const out: Placed[][] = [];
  const queue = [...sentences];
  while (queue.length > 0) {
    const sentence = queue.shift()!;
    if (sentence.length <= MAX_SENTENCE_WORDS) {
      out.push(sentence);
      continue;
    }
    let best = Math.floor(sentence.length / 2);
    let bestGap = -1;
    for (let k = 5; k < sentence.length - 5; k++) {
      const gap = sentence[k]!.word.start - sentence[k - 1]!.word.end;
      if (gap > bestGap) [best, bestGap] = [k, gap];
    }
    queue.unshift(sentence.slice(0, best), sentence.slice(best));
  }
  return out;
}

function toSegment(sentence: readonly Placed[]): TranscriptSegment {
  const words = sentence.map((p) => p.word);
  return {
    start: words[0]!.start,
    end: words.at(-1)!.end,
    text: writeSentence(sentence),
    confidence: Math.round((words.reduce((sum, w) => sum + w.confidence, 0) / words.length) * 1000) / 1000,
    words,
    restored: true,
  };
}

/** Lower-case words → a written sentence: digits, commas after cues and at the clause pause, capitals, a terminator. */
function writeSentence(sentence: readonly Placed[]): string {
  const keys = sentence.map((p) => p.key);
  const tokens = normalizeSpokenNumbers(keys);
  const commaAfter = commaPositions(sentence, keys);
  const faint = faintWordAfterCue(sentence, keys);
  const parts = tokens
    .filter((token) => token.from !== faint)
    .map((token) => {
      const text = token.text === "i" || /^i'/.test(token.text) ? token.text.replace(/^i/, "I") : token.text;
      return commaAfter.has(token.to - 1) ? `${text},` : text;
    });
  const text = parts.join(" ").replace(/,$/, "");
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return capitalised + (isQuestion(keys) ? "?" : ".");
}

/**
 * pocketsphinx hears the comma pause after an opening cue as a faint "to" ("first to the customer
 * signs up"): that word is left out of the text (it stays among the words, with its confidence).
 */
function faintWordAfterCue(sentence: readonly Placed[], keys: readonly string[]): number | undefined {
  const start = keys[0] === "and" ? 1 : 0;
  const marker = markerAt(keys, start);
  if (!marker || marker.words.length + start >= keys.length - 1) return undefined;
  const k = start + marker.words.length;
  return keys[k] === "to" && sentence[k]!.word.confidence < HEARD_CONFIDENCE ? k : undefined;
}

/** Word indexes a comma follows: after an opening cue, and at the first pause after a subordinate clause. */
function commaPositions(sentence: readonly Placed[], keys: readonly string[]): Set<number> {
  const commas = new Set<number>();
  let start = keys[0] === "and" ? 1 : 0;
  const marker = markerAt(keys, start);
  if (
    marker?.comma &&
    keys.length > start + marker.words.length &&
    !NO_COMMA_BEFORE.has(keys[start + marker.words.length]!)
  ) {
    commas.add(start + marker.words.length - 1);
    start += marker.words.length;
  }
  if (SUBORDINATORS.has(keys[start] ?? "")) {
    for (let k = start + 2; k < keys.length - 2; k++) {
      const gap = sentence[k]!.word.start - sentence[k - 1]!.word.end;
      if (gap >= SHORT_PAUSE_SECONDS || keys[k] === "then") {
        commas.add(k - 1);
        break;
      }
    }
  }
  return commas;
}

function sentenceFromText(segment: Segment): TranscriptSegment {
  const text = segment.text.trim();
  return { ...segment, text: `${text.charAt(0).toUpperCase() + text.slice(1)}.`, restored: true };
}
