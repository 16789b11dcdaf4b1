/**
 * Sentence segmentation for Japanese and English speech transcripts. A hand-written scanner,
 * not Intl.Segmenter: ICU's sentence rules split "e.g. this" and "U.S. law", and its data differ
 * between Node and workerd, which would make the same transcript segment differently in a test
 * and in production. The scanner is linear and identical everywhere.
 */
import { MAX_SENTENCE_CHARS, MAX_SENTENCES } from "../limits";
import { isAbbreviation } from "./abbreviations";
import { isAsciiLetter, isDigit } from "./scripts";

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

const HARD_TERMINATORS = new Set(["。", "!", "?", "！", "？", "‼", "⁇", "⁈", "⁉"]);
// Closing quotes and brackets stay with the sentence they close.
const CLOSERS = new Set(["」", "』", ")", "）", "]", "】", "〉", "》", '"', "'", "”", "’"]);
// Where an over-long sentence may be cut, best first.
const SOFT_BREAKS = ["、", ",", ";", "；", ":", " "];

/** Whether a "." at `dot` ends a sentence: not after an abbreviation, inside a number or a name like "U.S.". */
function periodEnds(text: string, dot: number): boolean {
  const next = text.charCodeAt(dot + 1);
  const prev = text.charCodeAt(dot - 1);
  if (Number.isNaN(next)) return true;
  if (isDigit(prev) && isDigit(next)) return false; // 3.5
  if (isAsciiLetter(next) || isDigit(next)) return false; // example.com, U.S.A, v1.2
  // Find the word before the dot (back to a space), e.g. "e.g" or "Dr".
  let wordStart = dot;
  while (wordStart > 0 && dot - wordStart < 12 && text[wordStart - 1] !== " " && text[wordStart - 1] !== "\n")
    wordStart--;
  const word = text.slice(wordStart, dot);
  let after = dot + 1;
  while (after - dot < 8 && (text[after] === " " || CLOSERS.has(text[after] ?? ""))) after++;
  const following = text.charCodeAt(after);
  if (isAbbreviation(word, isDigit(following))) return false;
  // A single capital followed by another is a run of initials ("J. K. Rowling"); a lone one
  // is more often a grade or a plan name ending the sentence ("we chose plan A.").
  if (word.length === 1 && prev >= 0x41 && prev <= 0x5a) {
    const nextIsInitial = text[after + 1] === "." && following >= 0x41 && following <= 0x5a;
    const previousIsInitial = text[wordStart - 2] === "." && /[A-Z]/.test(text[wordStart - 3] ?? "");
    if (nextIsInitial || previousIsInitial) return false;
  }
  // The next word starting in lower case means the sentence goes on ("approx. ten", "etc. and").
  if (following >= 0x61 && following <= 0x7a) return false;
  return true;
}

/** Splits text into sentences; newlines always end one. Offsets index into `text`. */
export function splitSentences(text: string, extraBoundaries: ReadonlySet<number> = new Set()): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    for (const piece of cutLong(text, start, end)) {
      if (spans.length >= MAX_SENTENCES) return;
      const trimmed = trimSpan(text, piece.start, piece.end);
      if (trimmed) spans.push(trimmed);
    }
  };
  // Inside Japanese quotes 「…」 a 。 ends the quoted sentence, not the one quoting it.
  let quoteDepth = 0;
  let quoteOpenedAt = 0;
  for (let i = 0; i < text.length && spans.length < MAX_SENTENCES; i++) {
    const char = text[i]!;
    if (char === "「" || char === "『") {
      if (quoteDepth++ === 0) quoteOpenedAt = i;
    } else if ((char === "」" || char === "』") && quoteDepth > 0) quoteDepth--;
    // An unclosed quote must not swallow the rest of the transcript.
    if (quoteDepth > 0 && i - quoteOpenedAt > 200) quoteDepth = 0;
    // A run of dots is judged at its last dot ("Yes... no" goes on).
    if (char === "." && text[i + 1] === ".") continue;
    let boundary = false;
    if (char === "\n" || extraBoundaries.has(i)) boundary = true;
    else if (quoteDepth > 0) continue;
    else if (
      HARD_TERMINATORS.has(char) ||
      (char === "." && periodEnds(text, i)) ||
      (char === "…" && periodEnds(text, i))
    ) {
      // Swallow the rest of a run ("?!", "...") and any closing quotes.
      while (
        i + 1 < text.length &&
        (HARD_TERMINATORS.has(text[i + 1]!) || text[i + 1] === "." || text[i + 1] === "…" || CLOSERS.has(text[i + 1]!))
      )
        i++;
      boundary = true;
    }
    if (boundary) {
      push(char === "\n" ? i : i + 1);
      start = i + 1;
    }
  }
  if (start < text.length) push(text.length);
  return spans;
}

/** Cuts a span longer than MAX_SENTENCE_CHARS at the last soft break before the limit. */
function cutLong(text: string, start: number, end: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let from = start;
  while (end - from > MAX_SENTENCE_CHARS) {
    const cut = softBreakBefore(text, from, from + MAX_SENTENCE_CHARS);
    pieces.push({ start: from, end: cut });
    from = cut;
  }
  pieces.push({ start: from, end });
  return pieces;
}

/** The best place to cut in (from, limit]: after the strongest soft break in the last two thirds. */
function softBreakBefore(text: string, from: number, limit: number): number {
  const floor = from + Math.floor((limit - from) / 3);
  // One bounded backwards scan per mark: never looks before `floor`, so a text without any
  // break costs the same as one with many.
  for (const mark of SOFT_BREAKS) {
    for (let at = limit - 1; at > floor; at--) if (text[at] === mark) return at + 1;
  }
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit; // never split a surrogate pair
}

function trimSpan(text: string, start: number, end: number): SentenceSpan | undefined {
  while (start < end && (text[start] === " " || text[start] === "\n")) start++;
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\n")) end--;
  if (end <= start) return undefined;
  const slice = text.slice(start, end);
  // A "sentence" of only punctuation ("...", "。。") is noise between sentences.
  let hasWord = false;
  for (let i = 0; i < slice.length && !hasWord; i++) {
    const code = slice.charCodeAt(i);
    hasWord =
      code > 0x7f
        ? !(code >= 0x3000 && code <= 0x303f) && !(code >= 0xff01 && code <= 0xff0f)
        : isAsciiLetter(code) || isDigit(code);
  }
  return hasWord ? { text: slice, start, end } : undefined;
}
