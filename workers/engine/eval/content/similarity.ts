/**
 * How close a label is to what a person wrote, independent of how the engine phrases it.
 * English: Dice overlap of stemmed content words ("Signs the contract" ≈ "Sign contract").
 * Japanese: Dice overlap of character bigrams after numerals become digits (三十日 = 30日).
 * A whole sentence scores low against a short label, so "labels a person would write" is what
 * passes, not "the label contains the words somewhere".
 */
import type { Language } from "../../schema";
import { kanjiNumeralsToDigits } from "../../text/kanji-numerals";

export { kanjiNumeralsToDigits };

/** Below this a label is not the item a person wrote. */
export const MATCH_THRESHOLD = 0.5;
/** A title must be closer: one shared word of three is a stray noun, not the topic. */
export const TITLE_THRESHOLD = 0.6;

const EN_STOP = new Set(
  "a an the of to and or in on at for with by from into our your their its my we you they it is are be was were this that these those then so very just about up out as has have had will would can could vs versus".split(
    " ",
  ),
);
const EN_NUMBERS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  hundred: "100",
  thousand: "1000",
};
const SUFFIXES = [
  "ations",
  "ation",
  "ings",
  "ing",
  "ments",
  "ment",
  "ates",
  "ated",
  "ate",
  "ions",
  "ion",
  "es",
  "ed",
  "s",
];

function stem(word: string): string {
  const bare = word.replace(/'s$/, "").replace(/'$/, "");
  if (/(?:ies|ied)$/.test(bare) && bare.length > 4) return `${bare.slice(0, -3)}y`;
  for (const suffix of SUFFIXES)
    if (bare.endsWith(suffix) && bare.length - suffix.length >= 3) return bare.slice(0, -suffix.length);
  return bare;
}

/** Stemmed content words of an English text. */
export function englishWords(text: string): string[] {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/&/g, " and ")
      .match(/[a-z0-9][a-z0-9'-]*/g) ?? [];
  return words
    .flatMap((w) => w.split("-"))
    .filter((w) => w && !EN_STOP.has(w))
    .map((w) => EN_NUMBERS[w] ?? stem(w));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 5;
}

function dice<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): number {
  if (a.length === 0 || b.length === 0) return 0;
  const free = [...b];
  let shared = 0;
  for (const x of a) {
    const at = free.findIndex((y) => same(x, y));
    if (at >= 0) {
      shared++;
      free.splice(at, 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

function japaneseText(text: string): string {
  return kanjiNumeralsToDigits(text.normalize("NFKC")).replace(/[\s、。・,.!?！？「」『』（）()：:〜~…-]/g, "");
}

function bigrams(text: string): string[] {
  const chars = [...text];
  return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i]! + c);
}

/** Similarity in [0, 1] of one wording to a label. */
export function similarity(expected: string, label: string, language: Language): number {
  if (language === "en") return dice(englishWords(expected), englishWords(label), sameWord);
  const a = japaneseText(expected);
  const b = japaneseText(label);
  if (!a || !b) return 0;
  if ([...a].length < 2 || [...b].length < 2) return a === b ? 1 : 0;
  return dice(bigrams(a), bigrams(b), (x, y) => x === y);
}

/** The best similarity over the "|"-separated wordings of an expectation. */
export function bestSimilarity(expected: string, label: string, language: Language): number {
  return Math.max(...expected.split("|").map((wording) => similarity(wording, label, language)));
}

const EN_NEGATIVE = /\b(?:not|no|low|lower|less|non|neither|nor|without|never)\b/;
const JA_NEGATIVE = /低|ない|少な|小さ|非|無|未/;

/** A header pole's polarity and the words left once polarity is taken out ("Not urgent" → low, "urgent"). */
export function pole(text: string, language: Language): { negative: boolean; core: string } {
  if (language === "en") {
    const expanded = text.toLowerCase().replace(/\bun(?=[a-z]{4,})/g, "not ");
    const core = expanded
      .replace(/\b(?:not|no|low|lower|less|non|neither|nor|without|never|high|higher|very|more)\b/g, " ")
      .trim();
    return { negative: EN_NEGATIVE.test(expanded), core };
  }
  const core = text
    .replace(/(?:が|は|も|：|:)?(?:ではない|でない|じゃない|ない|高い|低い|多い|少ない|高|低)/g, "")
    .replace(/[がはも：:]$/, "");
  return { negative: JA_NEGATIVE.test(text), core };
}

/** Whether a header names the expected pole: same words, same polarity. */
export function samePole(expected: string, header: string, language: Language): boolean {
  const a = pole(expected, language);
  const b = pole(header, language);
  return a.negative === b.negative && similarity(a.core, b.core, language) >= MATCH_THRESHOLD;
}
