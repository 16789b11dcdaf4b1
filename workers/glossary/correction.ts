/**
 * The workspace glossary applied to a transcript. An engine hears a product name it does not know
 * as ordinary words ("zoo kai" for Zukai, "cooper netties" for Kubernetes) or spells a known one
 * its own way ("javascript"). Each run of 1–4 words that matches a term is replaced by the term:
 *  - exactly, ignoring case, spaces and hyphens ("java script" → JavaScript);
 *  - one of the term's spoken forms, the same way ("the guy" → Zukai when the team says so);
 *  - phonetically (English): the same Double Metaphone code, or one letter off for long codes,
 *    and letters alike enough that "sky" is not Zukai.
 * Japanese has no word breaks and whisper spells a foreign name in kana: a term's kana readings are
 * matched in the text whether written in hiragana or katakana. Every replacement is recorded with
 * where it was and what was heard, and the engine's words and timings stay as they were.
 */
import { doubleMetaphone } from "double-metaphone";
import type { TranscriptSegment } from "../transcripts/restore-sentences";

export interface GlossaryEntry {
  term: string;
  spokenForms: string[];
}

/** One replacement: which segment, what the engine gave, the term, how it matched, and when it was said. */
export interface GlossaryCorrection {
  segment: number;
  heard: string;
  term: string;
  match: "spelling" | "spoken_form" | "phonetic" | "reading";
  start?: number;
  end?: number;
}

const MAX_WINDOW_WORDS = 4;
/** Words too common to be a misheard term on their own. */
const COMMON = new Set(["a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "is", "it", "be", "we", "i"]);
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

interface Token {
  text: string;
  index: number;
  end: number;
}

interface Form {
  entry: GlossaryEntry;
  letters: string;
  code: string;
  words: number;
  kind: "spelling" | "spoken_form";
}

const letters = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

function phoneticCode(words: readonly string[]): string {
  return words.map((word) => doubleMetaphone(word.replace(/[’']/g, ""))[0]).join("");
}

/** Levenshtein distance of two short strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

const similarity = (a: string, b: string) => 1 - distance(a, b) / Math.max(a.length, b.length, 1);

function formsOf(entries: readonly GlossaryEntry[]): Form[] {
  return entries.flatMap((entry) =>
    [entry.term, ...entry.spokenForms]
      .map((text, i): Form | undefined => {
        const words = text.match(TOKEN) ?? [];
        // Only Latin-script forms match on English words; kana readings go to the Japanese pass.
        if (words.length === 0 || !/^[\p{Script=Latin}\p{N}'’]+$/u.test(words.join(""))) return undefined;
        return {
          entry,
          letters: letters(text),
          code: phoneticCode(words),
          words: words.length,
          kind: i === 0 ? "spelling" : "spoken_form",
        };
      })
      .filter((form): form is Form => form !== undefined),
  );
}

/** How a run of words matches a form, or undefined. */
function matchOf(run: readonly Token[], form: Form): GlossaryCorrection["match"] | undefined {
  const heard = letters(run.map((t) => t.text).join(""));
  if (heard === form.letters) return form.kind;
  if (run.every((t) => COMMON.has(t.text.toLowerCase())) || heard.length < 3) return undefined;
  if (Math.abs(run.length - form.words) > 1) return undefined;
  const code = phoneticCode(run.map((t) => t.text));
  const close = code === form.code || (form.code.length >= 5 && distance(code, form.code) <= 1);
  return close && similarity(heard, form.letters) >= 0.5 ? "phonetic" : undefined;
}

/** The engine's word times for a run of tokens, when the words can be found in order. */
function timesOf(segment: TranscriptSegment, run: readonly Token[]): { start?: number; end?: number } {
  const wanted = run.map((t) => letters(t.text));
  const words = segment.words.map((w) => letters(w.word));
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, k) => words[i + k] === w))
      return { start: segment.words[i]!.start, end: segment.words[i + wanted.length - 1]!.end };
  }
  return {};
}

function correctEnglish(
  segment: TranscriptSegment,
  index: number,
  forms: readonly Form[],
  corrections: GlossaryCorrection[],
): string {
  const tokens: Token[] = [...segment.text.matchAll(TOKEN)].map((m) => ({
    text: m[0],
    index: m.index,
    end: m.index + m[0].length,
  }));
  let text = "";
  let copied = 0;
  for (let i = 0; i < tokens.length; ) {
    let best: { length: number; form: Form; match: GlossaryCorrection["match"] } | undefined;
    for (let length = Math.min(MAX_WINDOW_WORDS, tokens.length - i); length >= 1 && !best; length--) {
      const run = tokens.slice(i, i + length);
      // A run never spans punctuation: "workers, kv" is two things said.
      const gaps = run.slice(1).map((t, k) => segment.text.slice(run[k]!.end, t.index));
      if (gaps.some((gap) => !/^[\s-]*$/.test(gap))) continue;
      // A form matched letter for letter wins over a phonetic match of another.
      for (const form of forms) {
        const match = matchOf(run, form);
        if (match && (!best || best.match === "phonetic")) best = { length, form, match };
        if (best && best.match !== "phonetic") break;
      }
    }
    if (!best) {
      i++;
      continue;
    }
    const run = tokens.slice(i, i + best.length);
    const heard = segment.text.slice(run[0]!.index, run.at(-1)!.end);
    if (heard !== best.form.entry.term) {
      text += segment.text.slice(copied, run[0]!.index) + best.form.entry.term;
      copied = run.at(-1)!.end;
      corrections.push({
        segment: index,
        heard,
        term: best.form.entry.term,
        match: best.match,
        ...timesOf(segment, run),
      });
    }
    i += best.length;
  }
  return text + segment.text.slice(copied);
}

const toKatakana = (text: string) =>
  text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

function correctJapanese(
  segment: TranscriptSegment,
  index: number,
  entries: readonly GlossaryEntry[],
  corrections: GlossaryCorrection[],
): string {
  let text = segment.text;
  for (const entry of entries) {
    for (const reading of entry.spokenForms) {
      if (!/^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u.test(reading)) continue;
      const needle = toKatakana(reading);
      let from = 0;
      for (;;) {
        // Katakana and hiragana are the same length, so an index in the folded text is one in the text.
        const at = toKatakana(text).indexOf(needle, from);
        if (at < 0) break;
        const heard = text.slice(at, at + needle.length);
        if (heard !== entry.term) {
          text = text.slice(0, at) + entry.term + text.slice(at + needle.length);
          corrections.push({ segment: index, heard, term: entry.term, match: "reading" });
        }
        from = at + entry.term.length;
      }
    }
  }
  return text;
}

/** The segments with the glossary's terms in their text, and what was replaced. */
export function applyGlossary(
  segments: readonly TranscriptSegment[],
  entries: readonly GlossaryEntry[],
  language: string,
): { segments: TranscriptSegment[]; corrections: GlossaryCorrection[] } {
  const corrections: GlossaryCorrection[] = [];
  if (entries.length === 0) return { segments: [...segments], corrections };
  const japanese = /^ja\b/i.test(language);
  const forms = formsOf(entries);
  const corrected = segments.map((segment, index) => {
    const text = japanese
      ? correctJapanese(segment, index, entries, corrections)
      : correctEnglish(segment, index, forms, corrections);
    return text === segment.text ? segment : { ...segment, text };
  });
  return { segments: corrected, corrections };
}

/** whisper's initial prompt: the terms in the language's own list style, as a speaker would write them. */
export function glossaryPrompt(entries: readonly GlossaryEntry[], language: string): string | undefined {
  if (entries.length === 0) return undefined;
  const japanese = /^ja\b/i.test(language);
  let prompt = "";
  for (const { term } of entries) {
    const next = prompt ? `${prompt}${japanese ? "、" : ", "}${term}` : term;
    // whisper reads at most 224 prompt tokens; about 600 characters stays under that.
    if (next.length > 600) break;
    prompt = next;
  }
  return japanese ? `${prompt}。` : `${prompt}.`;
}
