/**
 * What is being compared. Said outright ("rent or buy", "Python and Go", "XとYの違い",
 * "電車と車のどちら"), or else the things the sentences keep starting with ("The train …",
 * "A taxi …", "The shuttle bus …").
 */
import type { Analysis } from "../analysis/types";
import type { Language } from "../schema";

const MAX_SUBJECTS = 4;
// "whether to move to a cloud platform or keep our own servers": the verbs choose, the nouns are compared.
const CHOICE_VERBS =
  "(?:move to|switch to|go with|go for|use|buy|choose|pick|rent|keep|stay with|stick with|build|hire|take)";
const EN_PAIR = [
  new RegExp(
    `\\bwhether (?:we should |to )?${CHOICE_VERBS}?\\s*(?:an? |the |our )?([\\w-]+(?:\\s[\\w-]+){0,2}?)\\s+or\\s+(?:to\\s+)?${CHOICE_VERBS}?\\s*(?:an? |the |our )?([\\w-]+(?:\\s[\\w-]+){0,2}?)[.?!]?$`,
    "i",
  ),
  /\b(?:between|compared|compare|comparing)\s+([\w-]+(?:\s[\w-]+)?)\s+(?:and|with|to)\s+([\w-]+(?:\s[\w-]+)?)/i,
  /\b([\w-]+(?:\s[\w-]+)?)\s+(?:versus|vs\.?)\s+([\w-]+(?:\s[\w-]+)?)/i,
  /\bwhether to\s+([\w-]+)\s+or\s+([\w-]+)/i,
  /\b([\w-]+)\s+or\s+([\w-]+)\?/i,
];
const EN_WEAK = new Set(["the", "a", "an", "our", "my", "to", "of", "is", "are", "and"]);
const JA_PAIR =
  /([^、。はをがにでの]{1,10}(?:の[^、。はをがにでのと]{1,6})?)と([^、。はをがにでのと]{1,10})(?:の(?:どちら|違い|比較)|を比べ|を比較|、どちら|どっち)/;

// "The train is …", "A taxi costs …": the words before the first verb.
const EN_OPENING_SUBJECT =
  /^(?:(?:and|but|so|while|whereas)[,\s]+)?(?:the |a |an |our |my )?([a-z][\w' -]{1,40}?)(?:'s)?\s+(?:is|are|was|were|has|have|costs?|takes?|sits?|gets?|needs?|uses?|runs?|goes|comes|offers?|gives?|drops?|can|will|would|should|must|does|do|tends?|seems?)\b/i;
const EN_NOT_SUBJECT = /^(?:there|it|this|that|they|we|you|i|he|she|one|two|three|four|five|which|what|so|people)\b/i;

function trimWords(text: string): string {
  const words = text.split(/\s+/).filter((w) => !EN_WEAK.has(w.toLowerCase()));
  return words.join(" ");
}

/** Subjects said outright in a comparing sentence, if any. */
function statedSubjects(text: string, language: Language): string[] | undefined {
  if (language === "ja") {
    const match = JA_PAIR.exec(text);
    return match ? [match[1]!.replace(/^.*[にでを]/, ""), match[2]!] : undefined;
  }
  for (const pattern of EN_PAIR) {
    const match = pattern.exec(text);
    if (match) {
      const pair = [trimWords(match[1]!), trimWords(match[2]!)];
      if (pair.every((p) => p.length >= 2)) return pair;
    }
  }
  return undefined;
}

/** The sentence's grammatical subject as said: the words before "は/が" or its first noun phrase. */
function openingSubject(text: string, analysis: Analysis): string | undefined {
  if (analysis.language === "ja") {
    const match = /^(?:[^、。]{0,6}、)?([^、。はがも]{1,12})(?:は|が|も)/.exec(text);
    const subject = match?.[1]?.replace(/^(?:一方で?|ただ|でも|また)、?/, "");
    // A phrase holding case particles is a clause, not a name ("二つの会社から内定を").
    return subject && !/[をにから]/.test(subject) ? subject : undefined;
  }
  const match = EN_OPENING_SUBJECT.exec(text);
  if (!match || EN_NOT_SUBJECT.test(match[1]!)) return undefined;
  return match[1]!.split(/\s+/).length <= 4 ? match[1] : undefined;
}

export interface SubjectChoice {
  subjects: string[];
  /** The sentence that named them, if one did (it introduces rather than describes). */
  namedIn?: number;
}

/** Two to four things being compared, in the order they were introduced. */
export function comparisonSubjects(
  analysis: Analysis,
  sentences: Analysis["sentences"],
  opening: Analysis["sentences"] = sentences,
): SubjectChoice {
  for (const sentence of opening.slice(0, 3)) {
    const stated = statedSubjects(sentence.text, analysis.language);
    if (stated) return { subjects: stated, namedIn: sentence.index };
  }
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    const subject = openingSubject(sentence.text, analysis);
    if (subject) counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  const subjects = [...counts.keys()].slice(0, MAX_SUBJECTS);
  return { subjects: subjects.length >= 2 ? subjects : [] };
}
