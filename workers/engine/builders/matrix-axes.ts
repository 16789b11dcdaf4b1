/**
 * The two axes of a 2×2 matrix and where a sentence falls on them. Axes are named outright
 * ("two questions: is it urgent, and is it important", "縦軸を価格、横軸を品質", "緊急度と重要度の
 * 二つ", "by effort and value"); a sentence is high or low on an axis by the words around the
 * axis's name ("not urgent", "low-impact", "unlikely", "頻度は高い", "緊急ではない").
 */
import type { Language } from "../schema";

export type Level = "high" | "low";

const EN_AXES = [
  /\btwo (?:questions|axes|dimensions|criteria|things)\b[^:]*:\s*(?:is it |how )?([\w\s-]{2,40}?)(?:,)?\s+and\s+(?:is it |how )?([\w\s-]{2,40}?)[.?!]?$/i,
  /\b(?:on|by|along|with)\s+(?:two\s+(?:axes|dimensions)[,:]?\s+)?([\w-]+)\s+and\s+([\w-]+)[.,]?\s*(?:$|so\b|,)/i,
  /\baxes?[,:]?\s+([\w\s-]{2,30}?)\s+and\s+([\w\s-]{2,30}?)[.?!]?$/i,
];
const JA_AXES = [
  /縦軸を([^、。]{1,10}?)(?:に|として)?、横軸を([^、。]{1,10}?)(?:に|と)/,
  /([^、。はをがにで]{1,8})と([^、。はをがにでの]{1,8})の(?:二つ|2つ|ふたつ|両方)/,
  /([^、。はをがにで]{1,8})と([^、。はをがにでの]{1,8})で(?:四つ|4つ|分け)/,
];
// "not urgent", "low-impact", and a negated high: "nor high quality", "not very likely".
const EN_LOW_BEFORE =
  /\b(?:not|low|lower|less|little|no|without|non|un|neither|nor|rare|rarely|seldom|occasional|occasionally)(?:\s+(?:high|very|so|too|that|particularly))?[-\s]*$/i;
// Frequency and amount count as levels too: "frequent buyers", "rarely buy", "spend a lot", "spend little".
const EN_HIGH_BEFORE =
  /\b(?:high|higher|very|more|both|fairly|most|super|really|frequent|frequently|often|regular|regularly|heavy)[-\s]*$/i;
const EN_AFTER =
  /^\s*(?:is|are)?\s*(high|low|strong|weak|often|frequently|regularly|a lot|lots|much|more|rarely|seldom|little|less|few)\b/i;
const JA_HIGH = /高い|高く|高め|大きい|多い|緊急で|重要で/;
const JA_LOW = /低い|低く|安い|安く|小さい|少ない|ではない|でない|じゃない|じゃなく|ではなく|ない/;
const EN_VAGUE_AXIS = new Set(["how", "it", "is", "the", "would", "be", "bad", "likely", "much", "big"]);

/** The content word of an axis phrase: "how likely it is" → "likely", "how bad the impact would be" → "impact". */
function axisWord(phrase: string): string {
  const words = phrase
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  const content = words.filter((w) => !EN_VAGUE_AXIS.has(w) && !["often", "they", "we", "you", "people"].includes(w));
  const word = content[content.length - 1] ?? words[0] ?? phrase;
  // "how often they buy", "how much they spend": the axis is a verb measured by frequency or amount.
  if (/^(?:how )?often\b/.test(phrase.toLowerCase())) return `${word}:often`;
  if (/^(?:how )?much\b/.test(phrase.toLowerCase()) && !/(?:ed|able|ful)$/.test(word)) return `${word}:much`;
  return word;
}

/** An English axis as findAxes returns it ("buy:often") and how it is measured. */
export function axisParts(axis: string): { word: string; measure?: "often" | "much" } {
  const [word, measure] = axis.split(":");
  return { word: word!, measure: measure === "often" || measure === "much" ? measure : undefined };
}

/** The two axes named in the sentence, if it names them. */
export function findAxes(sentence: string, language: Language): [string, string] | undefined {
  const patterns = language === "ja" ? JA_AXES : EN_AXES;
  for (const pattern of patterns) {
    const match = pattern.exec(sentence);
    if (!match) continue;
    // 縦軸 (vertical) names the rows, 横軸 (horizontal) the columns; the first axis returned is the columns'.
    // "緊急かどうかと重要かどうか": the axis is what is asked about, not the asking.
    const axis = (text: string) => text.replace(/かどうか$/, "");
    if (language === "ja")
      return pattern === JA_AXES[0]
        ? [axis(match[2]!), axis(match[1]!)]
        : [axis(match[1]!.replace(/^.*[はをに、]/, "")), axis(match[2]!)];
    const pair: [string, string] = [axisWord(match[1]!), axisWord(match[2]!)];
    if (pair[0] !== pair[1] && pair.every((w) => w.length >= 3)) return pair;
  }
  return undefined;
}

/** How an axis is recognised in running text: its stem ("urgen" finds "urgent" and "urgency"). */
export function axisStem(axis: string, language: Language): string {
  // "購入頻度" is later just "頻度"; "緊急度" is "緊急で…".
  // An i-adjective axis (難しい) is found in all its forms (難しく, 難しければ).
  if (language === "ja") return axis.length >= 4 ? axis.slice(-2) : axis.replace(/[度性い]$/, "") || axis;
  const word = axisParts(axis).word.toLowerCase();
  return word.length > 5 ? word.slice(0, word.length - 2) : word;
}

// Axes people name by their poles rather than their name: "cheap" is low on price, "slow" on speed.
const EN_POLES: { axis: RegExp; low: RegExp; high: RegExp }[] = [
  {
    axis: /^(?:pric|cost)/,
    low: /\b(?:cheap|inexpensive|affordable|low-cost|budget)\b/,
    high: /\b(?:expensive|costly|pricey|premium)\b/,
  },
  { axis: /^(?:speed|fast)/, low: /\b(?:slow|slower)\b/, high: /\b(?:fast|faster|quick|quicker)\b/ },
  { axis: /^(?:size|big)/, low: /\b(?:small|smaller|tiny)\b/, high: /\b(?:big|bigger|large|larger|huge)\b/ },
  {
    axis: /^(?:effort|difficult)/,
    low: /\b(?:easy|easier|simple|quick)\b/,
    high: /\b(?:hard|harder|difficult|complex)\b/,
  },
];

/** Where a sentence sits on an axis named by its poles; a negated pole ("neither cheap") is the other one. */
function poleLevel(lower: string, stem: string): Level | undefined {
  const poles = EN_POLES.find((p) => p.axis.test(stem));
  if (!poles) return undefined;
  for (const [level, pattern] of [
    ["low", poles.low],
    ["high", poles.high],
  ] as const) {
    const hit = pattern.exec(lower);
    if (!hit) continue;
    const negated = /\b(?:not|neither|nor|never)\s+(?:\w+\s+)?$/.test(
      lower.slice(Math.max(0, hit.index - 16), hit.index),
    );
    return negated ? (level === "low" ? "high" : "low") : level;
  }
  return undefined;
}

function englishLevel(sentence: string, stem: string): Level | undefined {
  const lower = sentence.toLowerCase();
  const byPole = poleLevel(lower, stem);
  if (byPole) return byPole;
  if (/\bneither\b/.test(lower) && !lower.includes(stem)) return "low";
  const at = lower.search(new RegExp(`(?:un)?${stem.replace(/[^\w]/g, "")}`));
  if (at < 0) return undefined;
  if (lower.startsWith("un", at) && !stem.startsWith("un")) return "low";
  const before = lower.slice(Math.max(0, at - 14), at);
  if (EN_LOW_BEFORE.test(before)) return "low";
  if (EN_HIGH_BEFORE.test(before)) return "high";
  const after = EN_AFTER.exec(lower.slice(at).replace(/^[\w-]+/, ""));
  if (after) return /high|strong|often|frequently|regularly|lot|much|more/.test(after[1]!) ? "high" : "low";
  return "high";
}

function japaneseLevel(sentence: string, stem: string, otherStem: string): Level | undefined {
  if (/どちらでもない|どちらも低|両方とも低/.test(sentence)) return "low";
  // "緊急でも重要でもない": one negation covers both axes.
  if (new RegExp(`${stem}[^、。]{0,2}も[^、。]{1,10}もない|[^、。]{1,10}も${stem}[^、。]{0,2}もない`).test(sentence))
    return "low";
  const at = sentence.indexOf(stem);
  if (at < 0) return /どちらも高|両方とも高/.test(sentence) ? "high" : undefined;
  // Read what is said about this axis, up to where the other axis is named.
  const from = at + stem.length;
  const other = sentence.indexOf(otherStem, from);
  const window = sentence.slice(from, Math.min(other > 0 ? other : sentence.length, from + 10));
  const low = JA_LOW.exec(window);
  const high = JA_HIGH.exec(window);
  if (low && (!high || low.index <= high.index)) return "low";
  if (high) return "high";
  // "頻度も金額も高い": the level said once for both comes after the other axis.
  const shared = other > 0 ? sentence.slice(other + otherStem.length, other + otherStem.length + 8) : "";
  if (sentence.slice(from, from + 1) === "も" && JA_HIGH.test(shared)) return "high";
  if (sentence.slice(from, from + 1) === "も" && JA_LOW.test(shared)) return "low";
  return "high";
}

/** Where a sentence sits on one axis, or undefined when it does not mention it. */
export function levelOn(sentence: string, stem: string, otherStem: string, language: Language): Level | undefined {
  return language === "ja" ? japaneseLevel(sentence, stem, otherStem) : englishLevel(sentence, stem);
}
