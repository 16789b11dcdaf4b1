/**
 * Reads the branching in a spoken sentence: "If X, Y" / "Xなら、Y" (a condition and what
 * follows), "Otherwise Y" / "そうでなければY" (the other branch), "Yes, …" / "No, …" (answers to
 * a question just asked), and "whether X" / "Xかどうか" (a question with no answer yet).
 */
import type { Language } from "../schema";
import { capitalize } from "./labels";

export type ClauseRole = "condition" | "otherwise" | "yes" | "no" | "question" | "plain";

export interface Clause {
  role: ClauseRole;
  /** The condition or question as said, without its marker ("the customer is on a paid plan"). */
  condition: string;
  /** What happens ("the ticket goes to the priority queue"); may be empty. */
  consequence: string;
  /** The condition states the negative ("if not", "無効の場合", "lower"). */
  negative: boolean;
  /** What starts the chart ("a ticket comes in"): labelled as an event, its subject kept. */
  trigger?: boolean;
}

const EN_NEGATIVE =
  /\b(?:not|no|never|fails?|failed|lower|less|fewer|wrong|false|otherwise|else|neither|without|isn't|aren't|doesn't|don't|didn't|can't|won't)\b|n't\b/i;
const JA_NEGATIVE = /ない|なけれ|無効|間違|過ぎ|以外|未満|失敗|でなければ|ではな|じゃな|なかった|ダメ|だめ|NG/;
const EN_OTHERWISE =
  /^(?:(?:and|but|so|then)[,\s]+)?(?:otherwise|if not|if no|else|if they aren't|if it isn't|if it's not|if they don't|if it doesn't)\b[,\s]*/i;
const EN_ANSWER = /^(?:(?:and|but|so)[,\s]+)?(yes|no)\b[,.\s]*/i;
const EN_CONDITION = /\b(?:if|when|unless|in case|once)\s+([^,;]{2,160}?)(?:,\s*|;\s*|\s+then\s+)(.*)$/i;
const EN_RANGE =
  /^(?:(?:and|but|so)[,\s]+)?((?:above|below|over|under|more than|less than|fewer than|at least)\s+[^,]{1,60}),\s*(.*)$/i;
const EN_WHETHER = /\b(?:whether|if)\s+(.{2,160}?)(?:\s+or not)?[.?!]*$/i;
const JA_OTHERWISE =
  /^(?:そうでなければ|そうでない場合は?|それ以外(?:の場合)?は?|でなければ|なければ|ダメなら|だめなら)[、,]?/;
const JA_ANSWER_WORDS = /^(?:はい|いいえ)[、,]/;
// Condition markers, longest first, with the ending that turns the clause into a question.
const JA_MARKERS: [string, string][] = [
  ["場合には", ""],
  ["場合は", ""],
  ["場合", ""],
  ["であれば", ""],
  ["ならば", ""],
  ["だったら", ""],
  ["なければ", "ない"],
  ["ければ", "い"],
  ["あれば", "ある"],
  ["れば", "る"],
  ["なら", ""],
  ["たら", "た"],
  ["だら", "だ"],
];
const JA_QUESTION = /^(.{2,80}?)(?:かどうか|か)を?(?:確認|見|チェック|判断|調べ|聞)/;

function englishClause(text: string): Clause {
  const plain = text.replace(/^[\s,]+/, "");
  const otherwise = EN_OTHERWISE.exec(plain);
  if (otherwise)
    return { role: "otherwise", condition: "", consequence: plain.slice(otherwise[0].length), negative: true };
  const answer = EN_ANSWER.exec(plain);
  if (answer && plain.length > answer[0].length) {
    const yes = answer[1]!.toLowerCase() === "yes";
    return { role: yes ? "yes" : "no", condition: "", consequence: plain.slice(answer[0].length), negative: !yes };
  }
  const range = EN_RANGE.exec(plain);
  if (range) return { role: "condition", condition: range[1]!, consequence: range[2]!, negative: false };
  const condition = EN_CONDITION.exec(plain);
  if (condition) {
    const before = plain.slice(0, condition.index).replace(/[\s,]+$/, "");
    // "Y if X": the consequence came first.
    const consequence = condition[2]!.trim() || before;
    return { role: "condition", condition: condition[1]!, consequence, negative: EN_NEGATIVE.test(condition[1]!) };
  }
  const whether = EN_WHETHER.exec(plain);
  if (whether || /\?\s*$/.test(plain)) {
    const colon = plain.lastIndexOf(":");
    const asked = whether ? whether[1]! : colon >= 0 ? plain.slice(colon + 1) : plain;
    return { role: "question", condition: asked.replace(/[?.!\s]+$/, "").trim(), consequence: "", negative: false };
  }
  return { role: "plain", condition: "", consequence: plain, negative: false };
}

function japaneseClause(text: string): Clause {
  const otherwise = JA_OTHERWISE.exec(text);
  if (otherwise)
    return { role: "otherwise", condition: "", consequence: text.slice(otherwise[0].length), negative: true };
  const answer = JA_ANSWER_WORDS.exec(text);
  if (answer)
    return {
      role: text.startsWith("はい") ? "yes" : "no",
      condition: "",
      consequence: text.slice(answer[0].length),
      negative: !text.startsWith("はい"),
    };
  for (const [marker, ending] of JA_MARKERS) {
    const at = text.indexOf(marker);
    if (at < 0) continue;
    const lead = text.slice(0, at);
    const clauseStart = lead.lastIndexOf("、") + 1;
    const condition = (
      lead
        .slice(clauseStart)
        .replace(/^(?:もし|もしも)/, "")
        .replace(/[のな]$/, "") + ending
    ).trim();
    const consequence = text.slice(at + marker.length).replace(/^[はも]?[、,]?/, "");
    const negative = JA_NEGATIVE.test(lead.slice(clauseStart) + marker);
    return { role: "condition", condition, consequence, negative };
  }
  const question = JA_QUESTION.exec(text.replace(/^(?:まず|次に|それから|最初に)、?/, ""));
  if (question) return { role: "question", condition: question[1]!, consequence: "", negative: false };
  if (/[?？]$/.test(text))
    return { role: "question", condition: text.replace(/[?？]$/, ""), consequence: "", negative: false };
  return { role: "plain", condition: "", consequence: text, negative: false };
}

/** Splits a sentence where a second condition starts ("未開封なら返金、開封済みならポイント"; "…; if not, …"). */
function clauseTexts(sentence: string, language: Language): string[] {
  if (language === "en") return sentence.split(/;\s*/).filter(Boolean);
  const parts: string[] = [];
  let current = "";
  for (const piece of sentence.split("、")) {
    const startsBranch =
      current && (JA_OTHERWISE.test(piece) || JA_MARKERS.some(([m]) => piece.includes(m) && piece.indexOf(m) <= 12));
    if (startsBranch && JA_MARKERS.some(([m]) => current.includes(m))) {
      parts.push(current);
      current = piece;
    } else current = current ? `${current}、${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}

// "When a ticket comes in, we check whether …": the when-clause starts the chart, it asks nothing.
const EN_TRIGGER =
  /^(?:(?:so|and|now)[,\s]+)?(?:when|whenever|once|as soon as)\s+([^,;]{2,120}),\s*(.*\bwhether\b.*)$/i;

/** The clauses of a sentence with their branching roles. */
export function readClauses(sentence: string, language: Language): Clause[] {
  const trigger = language === "en" ? EN_TRIGGER.exec(sentence.trim()) : null;
  if (trigger)
    return [
      { role: "plain", condition: "", consequence: trigger[1]!, negative: false, trigger: true },
      englishClause(trigger[2]!),
    ];
  return clauseTexts(sentence.trim(), language).map((text) =>
    language === "ja" ? japaneseClause(text) : englishClause(text),
  );
}

/** A decision's label: the condition as a question. */
export function questionLabel(condition: string, language: Language): string {
  const text = condition.trim().replace(/[?？。.!]+$/, "");
  return language === "ja" ? `${text}？` : `${capitalize(text)}?`;
}

/** Whether a condition is terse enough to be an answer to the last question ("If they are", "有効な場合"). */
export function isShortAnswer(condition: string, language: Language): boolean {
  return language === "ja" ? condition.length <= 6 : condition.trim().split(/\s+/).length <= 3;
}
