/**
 * Ranks key phrases TextRank-style: phrases said in the same sentence are linked, PageRank over
 * that graph finds the ones the talk keeps coming back to, and frequency and early mention
 * break near-ties. Fixed iteration count and sorted ties keep it deterministic.
 */

import type { PhraseMention } from "./phrases";
import type { KeyPhrase } from "./types";

const DAMPING = 0.85;
const ITERATIONS = 30;
// Links per sentence grow with the square of its phrases; a rambling sentence counts its first dozen.
const MAX_LINKED_PER_SENTENCE = 12;
const MAX_KEY_PHRASES = 300;

interface Candidate {
  key: string;
  surfaces: Map<string, number>;
  sentences: number[];
  count: number;
}

function collect(mentionsBySentence: PhraseMention[][]): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  mentionsBySentence.forEach((mentions, sentence) => {
    for (const mention of mentions) {
      let candidate = candidates.get(mention.key);
      if (!candidate)
        candidates.set(mention.key, (candidate = { key: mention.key, surfaces: new Map(), sentences: [], count: 0 }));
      candidate.count++;
      candidate.surfaces.set(mention.text, (candidate.surfaces.get(mention.text) ?? 0) + 1);
      if (candidate.sentences[candidate.sentences.length - 1] !== sentence) candidate.sentences.push(sentence);
    }
  });
  return candidates;
}

function pageRank(keys: string[], mentionsBySentence: PhraseMention[][]): Map<string, number> {
  const position = new Map(keys.map((k, i) => [k, i]));
  const neighbours: Map<number, number>[] = keys.map(() => new Map());
  for (const mentions of mentionsBySentence) {
    const ids = [...new Set(mentions.map((m) => position.get(m.key)!))].slice(0, MAX_LINKED_PER_SENTENCE);
    for (const a of ids) for (const b of ids) if (a !== b) neighbours[a]!.set(b, (neighbours[a]!.get(b) ?? 0) + 1);
  }
  const outWeight = neighbours.map((n) => [...n.values()].reduce((s, w) => s + w, 0));
  let rank = keys.map(() => 1 / Math.max(1, keys.length));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = keys.map(() => (1 - DAMPING) / Math.max(1, keys.length));
    neighbours.forEach((links, from) => {
      if (outWeight[from] === 0) return;
      for (const [to, weight] of links) next[to]! += (DAMPING * rank[from]! * weight) / outWeight[from]!;
    });
    rank = next;
  }
  return new Map(keys.map((k, i) => [k, rank[i]!]));
}

function mostFrequentSurface(surfaces: Map<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [text, count] of surfaces) {
    // Prefer the lower-case spelling when a word was only capitalised for starting a sentence.
    const tieBreak = count > bestCount || (count === bestCount && text > best);
    if (tieBreak) [best, bestCount] = [text, count];
  }
  return best;
}

/** Ranked key phrases for the whole transcript, best first. */
export function rankKeyPhrases(mentionsBySentence: PhraseMention[][]): KeyPhrase[] {
  const candidates = collect(mentionsBySentence);
  const keys = [...candidates.keys()];
  const ranks = pageRank(keys, mentionsBySentence);
  const sentenceCount = Math.max(1, mentionsBySentence.length);
  const phrases: KeyPhrase[] = keys.map((key) => {
    const candidate = candidates.get(key)!;
    const earliness = 1 - candidate.sentences[0]! / sentenceCount;
    const lengthBonus = 1 + 0.15 * Math.min(2, key.split(" ").length - 1);
    const score = ranks.get(key)! * keys.length * (1 + Math.log(candidate.count)) * (1 + 0.3 * earliness) * lengthBonus;
    return {
      key,
      text: mostFrequentSurface(candidate.surfaces),
      score,
      count: candidate.count,
      sentences: candidate.sentences,
    };
  });
  phrases.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return phrases.slice(0, MAX_KEY_PHRASES);
}
