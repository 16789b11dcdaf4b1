/**
 * What every builder starts from: the analysis, the sentences that make up the body (the
 * title's announcing sentence left out), the node budget, and a way to keep the most telling
 * sentences in order when there are more than the budget allows.
 */
import type { Analysis, AnalyzedSentence } from "../analysis/types";
import type { Language } from "../schema";
import type { DiagramDraft } from "./draft";
import type { TitleChoice } from "./title";

export interface BuildContext {
  analysis: Analysis;
  language: Language;
  maxNodes: number;
  title: TitleChoice;
  /** Sentences to draw from, in order; excludes the sentence that announced the title. */
  body: AnalyzedSentence[];
}

/** How much a sentence says: its key phrases' scores plus its cues. */
function informativeness(sentence: AnalyzedSentence, scoreOf: Map<string, number>): number {
  const phrases = sentence.phraseKeys.reduce((sum, key) => sum + (scoreOf.get(key) ?? 0), 0);
  const cues = sentence.cues.reduce((sum, cue) => sum + cue.weight, 0);
  return phrases + cues;
}

/** The `count` most informative sentences, in their spoken order. */
export function keepMostInformative(
  sentences: AnalyzedSentence[],
  count: number,
  analysis: Analysis,
): AnalyzedSentence[] {
  if (sentences.length <= count) return sentences;
  const scoreOf = new Map(analysis.keyPhrases.map((p) => [p.key, p.score]));
  const ranked = sentences
    .map((sentence) => ({ sentence, score: informativeness(sentence, scoreOf) }))
    .sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index)
    .slice(0, count);
  return ranked.map((r) => r.sentence).sort((a, b) => a.index - b.index);
}

/**
 * Ties each sentence that got no node of its own to the node of the nearest kept sentence before
 * it (or after it, at the start), so every scene still reveals or highlights something.
 */
export function foldUnkept(draft: DiagramDraft, body: AnalyzedSentence[], nodeOfSentence: Map<number, string>): void {
  let previous: string | undefined;
  const firstKept = body.map((s) => nodeOfSentence.get(s.index)).find(Boolean);
  for (const sentence of body) {
    const own = nodeOfSentence.get(sentence.index);
    if (own) previous = own;
    else if (previous ?? firstKept) draft.attachSentence((previous ?? firstKept)!, sentence.index);
  }
}
