/**
 * Node labels of the length a person writes on a diagram: 2–6 words in English, at most 14
 * characters in Japanese (DESIGN §6). A sentence becomes a step's verb and object, an event's
 * subject and verb, or an item's noun phrase (english-label, japanese-label); a name (a header, an
 * entity, a branch) is fitted to the same budget. Nothing is ever cut with "…": a label loses
 * whole trailing words (English) or leading phrases (Japanese) until it fits, and the full
 * sentence stays on the node as its detail.
 */
import { MAX_EDGE_LABEL_CHARS, MAX_JA_LABEL, MAX_LABEL_CHARS, MAX_TITLE_CHARS } from "../limits";
import type { Language } from "../schema";
import { japanesePhrases } from "../text/ja-phrases";
import { englishLabel, type LabelRole } from "./english-label";
import { japaneseLabel } from "./japanese-label";

export type { LabelRole } from "./english-label";

const MAX_EN_WORDS = 6;
// Words a shortened English name never ends on: the phrase would dangle.
const DANGLING = /\s+(?:of|to|and|or|but|with|for|in|on|at|by|from|into|the|a|an|as|than|that|which|is|are|was|were)$/i;

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** The first phrases of a Japanese text that fit `max` characters, whole phrases only. */
function japanesePrefix(text: string, max: number): string {
  let out = "";
  for (const phrase of japanesePhrases(text)) {
    if ([...(out + phrase)].length > max) break;
    out += phrase;
  }
  return (out || [...text].slice(0, max).join("")).replace(/[、,]$/, "");
}

/** The first words of an English text that fit `maxWords` and `maxChars`, ending on a content word. */
function englishPrefix(text: string, maxWords: number, maxChars: number): string {
  let words = text.trim().split(/\s+/).slice(0, maxWords);
  while (words.join(" ").length > maxChars && words.length > 1) words = words.slice(0, -1);
  let out = words.join(" ").replace(/[,;:]+$/, "");
  while (DANGLING.test(out)) out = out.replace(DANGLING, "");
  return out.length > maxChars ? out.slice(0, maxChars) : out;
}

/**
 * A name or phrase fitted to the label budget without an ellipsis: English keeps its first
 * words, Japanese its first phrases. `limit` lowers the budget (characters) for tight places.
 */
export function shorten(text: string, language: Language, limit?: number): string {
  const trimmed = text.trim();
  if (language === "ja") return japanesePrefix(trimmed, Math.min(limit ?? MAX_JA_LABEL, MAX_JA_LABEL));
  return englishPrefix(trimmed, MAX_EN_WORDS, Math.min(limit ?? MAX_LABEL_CHARS, MAX_LABEL_CHARS));
}

/** The label for what a sentence says: a step (verb + object), an event, or an item (noun phrase). */
export function sentenceLabel(sentence: string, language: Language, role: LabelRole = "item"): string {
  const label = language === "ja" ? japaneseLabel(sentence, role) : englishLabel(sentence, role);
  // An over-eager rule may leave nothing; the sentence's own first words are still better than a blank.
  return bounded(label.trim() || shorten(sentence.replace(/[.。!?！？]+$/, ""), language), sentence);
}

/** Never empty, never over MAX_LABEL_CHARS. */
function bounded(label: string, fallback: string): string {
  const text = label || fallback.trim() || "-";
  return text.length > MAX_LABEL_CHARS ? text.slice(0, MAX_LABEL_CHARS) : text;
}

/** A title-sized label: whole words or phrases, no ellipsis. */
export function titleLabel(text: string, language: Language): string {
  // Spoken fillers open many first sentences ("Um, so applying for a job here"); a title never does.
  const trimmed = text
    .trim()
    .replace(/^(?:(?:um|uh|er|so|okay|ok|well|and|right|alright)[,\s]+)+/i, "")
    .replace(/^(?:えーと|えっと|あの|まあ)、?/, "")
    .replace(/[.。!?！？:：]+$/, "");
  const label =
    language === "ja"
      ? japanesePrefix(trimmed, Math.min(MAX_TITLE_CHARS, 24))
      : englishPrefix(trimmed, 10, Math.min(MAX_TITLE_CHARS, 60));
  return label ? label[0]!.toUpperCase() + label.slice(1) : "-";
}

/** An edge-label-sized label ("causes", "leads to", "につながる"); a relation may end in its particle. */
export function edgeLabel(text: string, language: Language): string {
  const trimmed = text.trim();
  if (language === "ja") return japanesePrefix(trimmed, Math.min(MAX_EDGE_LABEL_CHARS, 10));
  let words = trimmed.split(/\s+/).slice(0, 4);
  while (words.join(" ").length > Math.min(MAX_EDGE_LABEL_CHARS, 24) && words.length > 1) words = words.slice(0, -1);
  return words.join(" ");
}
