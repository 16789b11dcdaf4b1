/**
 * Finds cue markers in a sentence. Markers are indexed by their first word (English) or first
 * character (Japanese), so a sentence costs one lookup per position: linear in its length,
 * however many markers the lexicon holds.
 */
import type { Language } from "../schema";
import type { TimeExpression } from "../text/times";
import type { Token } from "../text/tokens";
import { ENGLISH_CUES, JAPANESE_CUES, type Lexicon } from "./cue-lexicon";
import { CUE_KINDS, type Cue, type CueKind } from "./types";

interface Marker {
  kind: CueKind;
  text: string;
  words: string[];
  weight: number;
}

function indexLexicon(
  lexicon: Lexicon,
  key: (marker: string) => string,
  split: (marker: string) => string[],
): Map<string, Marker[]> {
  const index = new Map<string, Marker[]>();
  for (const kind of CUE_KINDS) {
    for (const [text, weight] of Object.entries(lexicon[kind])) {
      const marker: Marker = { kind, text, words: split(text), weight };
      const bucket = index.get(key(text)) ?? [];
      bucket.push(marker);
      index.set(key(text), bucket);
    }
  }
  return index;
}

// Built once per isolate from constant data; holds no request state.
const ENGLISH_INDEX = indexLexicon(
  ENGLISH_CUES,
  (m) => m.split(" ")[0]!,
  (m) => m.split(" "),
);
const JAPANESE_INDEX = indexLexicon(
  JAPANESE_CUES,
  (m) => m[0]!,
  (m) => [m],
);

function englishMarkers(tokens: Token[]): Marker[] {
  const words = tokens.filter((t) => t.kind !== "punct").map((t) => t.lower);
  const found: Marker[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const marker of ENGLISH_INDEX.get(words[i]!) ?? []) {
      if (marker.words.every((w, k) => words[i + k] === w)) found.push(marker);
    }
  }
  return found;
}

function japaneseMarkers(sentence: string, tokens: Token[]): Marker[] {
  const found: Marker[] = [];
  for (let i = 0; i < sentence.length; i++) {
    for (const marker of JAPANESE_INDEX.get(sentence[i]!) ?? []) {
      if (sentence.startsWith(marker.text, i)) found.push(marker);
    }
  }
  // Latin words in Japanese text ("SWOT") are matched as whole words.
  for (const token of tokens) {
    if (token.kind === "word" && token.text.charCodeAt(0) < 0x80) {
      for (const marker of JAPANESE_INDEX.get(token.text[0]!) ?? []) if (marker.text === token.text) found.push(marker);
    }
  }
  return found;
}

/** Cues in one sentence; each marker counts once, time expressions count as time cues. */
export function findCues(sentence: string, tokens: Token[], times: TimeExpression[], language: Language): Cue[] {
  const markers = language === "ja" ? japaneseMarkers(sentence, tokens) : englishMarkers(tokens);
  const seen = new Set<string>();
  const cues: Cue[] = [];
  for (const marker of markers) {
    const key = `${marker.kind}:${marker.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cues.push({ kind: marker.kind, marker: marker.text, weight: marker.weight });
  }
  for (const time of times) cues.push({ kind: "time", marker: time.text, weight: time.strength });
  if (sentence.endsWith("?") || sentence.endsWith("?」")) cues.push({ kind: "condition", marker: "?", weight: 0.6 });
  return cues;
}

/** Sums cue weights per kind. */
export function totalCues(cueLists: Cue[][]): Record<CueKind, number> {
  const totals = Object.fromEntries(CUE_KINDS.map((k) => [k, 0])) as Record<CueKind, number>;
  for (const cues of cueLists) for (const cue of cues) totals[cue.kind] += cue.weight;
  return totals;
}
