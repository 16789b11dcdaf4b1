/**
 * Short node labels from spoken sentences: fillers and connective openers dropped ("So first,
 * um, we …", "えーと、まず…"), Japanese endings made terse, and long sentences cut at a clause
 * boundary so a box holds a phrase, not a paragraph.
 */
import { MAX_EDGE_LABEL_CHARS, MAX_LABEL_CHARS, MAX_TITLE_CHARS } from "../limits";
import type { Language } from "../schema";
import { isEnglishStopword } from "../text/stopwords";
import { terseJapanese } from "./ja-endings";

const LABEL_LIMIT = { ja: 34, en: 64 } as const;

const EN_OPENERS = [
  "first of all", "to start with", "to begin with", "after that", "once that's done", "at the end", "in the end", "and then", "and finally",
  "okay so", "ok so", "so", "okay", "ok", "um", "uh", "er", "well", "and", "but", "then", "now", "first", "firstly", "second", "secondly",
  "third", "next", "afterwards", "finally", "lastly", "also", "basically", "honestly", "actually", "alright", "right", "yeah", "oh", "hmm",
  "anyway", "plus", "still", "later",
];
const EN_SUBJECTS = /^(?:i|we|you|they)(?:'ll|'d| will| would| need to| have to| has to| must| should| can| could| just| then| usually| always| also| simply| basically)*\s+/i;
const JA_OPENERS = [
  "えーと", "えっと", "えー", "あのー", "あの", "まあ", "じゃあ", "それでは", "では", "さて", "はい", "うーん", "なんか", "で、", "まず", "最初に",
  "はじめに", "初めに", "次に", "続いて", "それから", "そして", "その後", "そのあと", "最後に", "また", "さらに", "あと", "それと", "ただし", "ただ",
];

// "おいしい緑茶のいれ方なんですけど、…": the topic was announced; the label is what follows.
const JA_TOPIC_LEAD = /^[^、。]{2,20}?(?:なんですけど|なんですが)、/;

function stripOpeners(text: string, openers: string[], caseless: boolean): string {
  let current = text;
  for (let round = 0; round < 6; round++) {
    const compare = caseless ? current.toLowerCase() : current;
    const opener = openers.find((o) => compare.startsWith(o) && (!caseless || !/[a-z0-9']/i.test(current[o.length] ?? "")));
    if (!opener) break;
    current = current.slice(opener.length).replace(/^[\s,、]+/, "");
  }
  return current;
}

/** How much a piece of text says: content words (English) or kanji and katakana (Japanese). */
function contentWeight(text: string, language: Language): number {
  if (language === "ja") return (text.match(/[\u4e00-\u9fff\u30a0-\u30ffA-Za-z]/g) ?? []).length;
  return (text.toLowerCase().match(/[a-z][a-z'-]{2,}/g) ?? []).filter((w) => !isEnglishStopword(w)).length;
}

/**
 * Cuts to `limit` characters. A long sentence keeps the run of whole clauses that says the most
 * within the limit (so neither a leading "When …," nor a trailing "and it starts over" wins by
 * position); only a single clause that is still too long is cut by words or characters.
 */
export function shorten(text: string, language: Language, limit: number = LABEL_LIMIT[language]): string {
  if (text.length <= limit) return text;
  const separator = language === "ja" ? "、" : ", ";
  const clauses = text.split(separator);
  let best: string | undefined;
  let bestWeight = -1;
  for (let from = 0; from < clauses.length && clauses.length > 1; from++) {
    for (let to = from + 1; to <= clauses.length; to++) {
      const window = clauses.slice(from, to).join(separator);
      if (window.length > limit) break;
      const weight = contentWeight(window, language);
      if (weight > bestWeight) [best, bestWeight] = [window, weight];
    }
  }
  if (best && best.length >= limit / 3) return best.replace(/^(?:and|but|so|which|where)\s+/i, "");
  if (language === "en") {
    const cut = text.lastIndexOf(" ", limit - 1);
    return `${text.slice(0, cut > limit / 2 ? cut : limit - 1).replace(/[\s,;:]+$/, "")}…`;
  }
  return `${text.slice(0, limit - 1)}…`;
}

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** The core of a sentence as a node label: no filler, no connective opener, terse, short. */
export function sentenceLabel(sentence: string, language: Language, limit?: number): string {
  if (language === "ja") {
    const core = terseJapanese(stripOpeners(sentence.trim().replace(JA_TOPIC_LEAD, ""), JA_OPENERS, false)).replace(/(?:とか|や)$/, "");
    return bounded(shorten(core.replace(/^[、,\s]+/, ""), "ja", limit), sentence);
  }
  let core = stripOpeners(sentence.trim(), EN_OPENERS, true);
  core = core.replace(EN_SUBJECTS, "").replace(/^start by\s+/i, "");
  core = core.replace(/[.!?…]+$/, "").trim();
  return bounded(capitalize(shorten(core, "en", limit)), sentence);
}

/** Never empty, never over MAX_LABEL_CHARS: an over-eager strip falls back to the sentence. */
function bounded(label: string, fallback: string): string {
  const text = label.trim() || fallback.trim() || "…";
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

/** A title-sized label. */
export function titleLabel(text: string, language: Language): string {
  return shorten(text, language, Math.min(MAX_TITLE_CHARS, language === "ja" ? 30 : 60)) || "…";
}

/** An edge-label-sized label. */
export function edgeLabel(text: string, language: Language): string {
  return shorten(text.trim(), language, Math.min(MAX_EDGE_LABEL_CHARS, language === "ja" ? 10 : 24));
}
