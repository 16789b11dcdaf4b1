/**
 * Candidate key phrases in one sentence. English: runs of up to three content words between
 * stopwords, verbs and punctuation (noun phrases, RAKE-style). Japanese: runs of kanji and
 * katakana (hiragana carries grammar), plus Latin words; a lone kanji counts only when a
 * particle follows it (肉を, 核が), because otherwise it is usually a verb stem.
 */
import nlp from "compromise/two";
import type { Language } from "../schema";
import { isEnglishStopword, isJapaneseStopNoun } from "../text/stopwords";
import type { Token } from "../text/tokens";
import { isRelationVerb } from "./relation-verbs";

export interface PhraseMention {
  key: string;
  text: string;
  start: number;
  end: number;
  /** Japanese: the noun is used as a verb here (連携して, 接続する), so it names an action, not a thing. */
  verbal?: boolean;
}

const MAX_PHRASE_WORDS = 3;
const PARTICLES = new Set(["は", "が", "を", "に", "の", "で", "と", "も", "へ", "や", "から", "まで", "より"]);
// What may follow a kanji noun: particles, copulas, and する/な forms (確認します, 簡単な). Any
// other kana after a kanji run means it is a verb or adjective stem (煮込みます, 柔らかい).
const NOUN_FOLLOWERS = [
  "は",
  "が",
  "を",
  "に",
  "の",
  "で",
  "と",
  "も",
  "へ",
  "や",
  "か",
  "ね",
  "よ",
  "な",
  "だ",
  "じ",
  "し",
  "す",
  "さ",
  "せ",
  "って",
  "ほど",
  "など",
  "まで",
  "より",
  "ごと",
  "ずつ",
  "くらい",
  "ぐらい",
];
const NUMERAL_KANJI = "〇一二三四五六七八九十百千万億兆";
// "-ed" words that are nouns, so they may stay inside a phrase.
const ED_NOUNS = new Set(["need", "feed", "seed", "bed", "red", "speed", "shed", "breed", "weed", "hundred", "sled"]);

/** The matching form of an English word: lower-case and singular ("services" → "service"). */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("'s")) return word.slice(0, -1);
  return word;
}

function breaksEnglishPhrase(token: Token): boolean {
  if (token.kind !== "word" || token.lower.length < 2) return true;
  if (isEnglishStopword(token.lower) || isRelationVerb(token.lower)) return true;
  if (token.lower.startsWith("co-") && isEnglishStopword(token.lower.slice(3))) return true; // "co-wrote"
  if (token.lower.length > 4 && token.lower.endsWith("ly")) return true; // adverbs
  if (token.lower.length > 4 && token.lower.endsWith("ed") && !ED_NOUNS.has(token.lower)) return true; // past tense
  return false;
}

// A word in -s followed by one of these is a verb taking an object ("the manager walks them").
const OBJECT_STARTERS = new Set([
  "them",
  "it",
  "him",
  "her",
  "us",
  "me",
  "the",
  "a",
  "an",
  "their",
  "his",
  "our",
  "your",
  "its",
  "this",
  "these",
  "those",
  "some",
  "every",
  "each",
]);

function isVerbBeforeObject(token: Token, next: Token | undefined): boolean {
  return (
    token.lower.length > 3 &&
    token.lower.endsWith("s") &&
    !token.lower.endsWith("ss") &&
    next !== undefined &&
    OBJECT_STARTERS.has(next.lower)
  );
}

const isPluralLike = (word: string) =>
  word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is");

/**
 * A verb in -s inside a run of content words: the second of two -s words ("fuels releases"), or
 * an -s word after two others with more to follow ("carbon dioxide traps heat"). A plural
 * modifier ("orders service") comes first in its run, so it is left alone.
 */
function isVerbInsideRun(run: Token[], token: Token, next: Token | undefined): boolean {
  if (!isPluralLike(token.lower) || next?.kind !== "word" || isEnglishStopword(next.lower)) return false;
  const previous = run[run.length - 1];
  return (previous !== undefined && isPluralLike(previous.lower)) || run.length >= 2;
}

// compromise's lexicon (a lookup, no tagging): which words are verb forms, so "Jobs attract people"
// is two things and a relation, not one phrase. Built once per isolate from constant data.
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const VERB_TAGS = new Set(["Infinitive", "PresentTense", "PastTense"]);
/** Whether compromise's lexicon lists the word as a verb form ("attract", "lives", "sends"). */
export const lexiconVerb = (lower: string) => [LEXICON[lower] ?? []].flat().some((tag) => VERB_TAGS.has(tag));

/**
 * A verb form right after a noun, with its object or complement after it ("jobs attract people",
 * "sister lives near"); not one followed by another verb ("blood flow brings") or ending the run.
 */
function isLexiconVerbAfterNoun(run: Token[], token: Token, next: Token | undefined): boolean {
  if (run.length === 0 || !next || next.kind !== "word" || !lexiconVerb(token.lower)) return false;
  return !lexiconVerb(next.lower) && !isRelationVerb(next.lower);
}

function englishPhrases(tokens: Token[], sentence: string): PhraseMention[] {
  const phrases: PhraseMention[] = [];
  let run: Token[] = [];
  const flush = () => {
    const words = run.slice(-MAX_PHRASE_WORDS); // a noun phrase's head is its last word
    run = [];
    if (words.length === 0) return;
    const lowers = words.map((w) => w.lower.replace(/'s$/, ""));
    lowers[lowers.length - 1] = singular(lowers[lowers.length - 1]!);
    const start = words[0]!.start;
    const end = words[words.length - 1]!.end;
    phrases.push({ key: lowers.join(" "), text: sentence.slice(start, end).replace(/'s$/, ""), start, end });
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (
      breaksEnglishPhrase(token) ||
      isVerbBeforeObject(token, tokens[i + 1]) ||
      isVerbInsideRun(run, token, tokens[i + 1]) ||
      isLexiconVerbAfterNoun(run, token, tokens[i + 1])
    )
      flush();
    else {
      run.push(token);
      if (token.lower.endsWith("'s")) flush(); // "Python's concurrency": two phrases
    }
  }
  flush();
  return phrases;
}

function isKatakanaEnd(word: string): boolean {
  const code = word.charCodeAt(word.length - 1);
  return code >= 0x30a0 && code <= 0x30ff;
}

/** "毎日トラック" is two words in one script run; a leading stop noun is not part of the name. */
function withoutLeadingStopNoun(word: string): string {
  for (let cut = 2; cut <= 3 && cut < word.length - 1; cut++)
    if (isJapaneseStopNoun(word.slice(0, cut))) return word.slice(cut);
  return word;
}

/** A number said in kanji, alone or with its counter (三つ, 十年, 五百円); 二酸化炭素 is a word. */
function isNumeralRun(word: string): boolean {
  let i = 0;
  while (i < word.length && NUMERAL_KANJI.includes(word[i]!)) i++;
  return i > 0 && word.length - i <= 1;
}

function japanesePhrases(tokens: Token[]): PhraseMention[] {
  const phrases: PhraseMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== "word") continue;
    const latin = token.text.charCodeAt(0) < 0x250;
    if (latin) {
      if (token.text.length >= 2 && !isEnglishStopword(token.lower))
        phrases.push({ key: token.lower, text: token.text, start: token.start, end: token.end });
      continue;
    }
    const word = withoutLeadingStopNoun(token.text);
    if (isNumeralRun(word) || isJapaneseStopNoun(word)) continue;
    const length = [...word].length;
    const next = tokens[i + 1];
    // "や"/"と" join nouns only when they stand alone (肉と玉ねぎ); "増やす" is a verb.
    const particleFollows =
      next?.kind === "kana" &&
      [...PARTICLES].some((p) => (p === "や" || p === "と" ? next.text === p : next.text.startsWith(p)));
    const verbal = next?.kind === "kana" && /^(?:し[てたまなよ]|する|すれ|され|させ|せず|でき)/.test(next.text);
    // "適度な運動": a な-adjective describes the thing after it and is no thing itself.
    if (next?.kind === "kana" && next.text === "な" && tokens[i + 2]?.kind === "word") continue;
    const kanjiEnd = !isKatakanaEnd(token.text);
    const stem = kanjiEnd && next?.kind === "kana" && !NOUN_FOLLOWERS.some((f) => next.text.startsWith(f));
    if (stem) continue;
    // The honorific お/ご belongs to the word (お客様, ご案内) when nothing else is attached before it.
    const previous = tokens[i - 1];
    const honorific =
      previous?.kind === "kana" &&
      previous.end === token.start &&
      /(?:^|[のはがをにもとでへや])[おご]$/.test(previous.text);
    const offset = token.text.length - word.length;
    const start = honorific && offset === 0 ? token.start - 1 : token.start + offset;
    const text = honorific && offset === 0 ? `${previous!.text.slice(-1)}${word}` : word;
    if (length >= 2 || particleFollows) phrases.push({ key: text, text, start, end: token.end, verbal });
  }
  return phrases;
}

/** Key-phrase candidates in one sentence, in order of mention. */
export function phraseMentions(tokens: Token[], sentence: string, language: Language): PhraseMention[] {
  return language === "ja" ? japanesePhrases(tokens) : englishPhrases(tokens, sentence);
}
