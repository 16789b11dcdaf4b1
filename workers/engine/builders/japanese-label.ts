/**
 * Japanese node labels a person would write (≤ 14 characters): the predicate with as many of
 * its nearest phrases as fit, built from the end of the sentence because Japanese puts the verb
 * last: "まず、内定を承諾したら、入社書類を人事部に提出します。" → "入社書類を人事部に提出".
 * Discourse markers and ordinals (まず, 次に, 三番目に, 最後に) go first; "一つ目の段階は蒸発です"
 * names its item (蒸発). A step drops its subject (担当者が); an event keeps it (源頼朝が…).
 * Labels end on a phrase boundary (BudouX), never mid-word and never with "…".
 */

import { MAX_JA_LABEL } from "../limits";
import { japanesePhrases } from "../text/ja-phrases";
import type { LabelRole } from "./english-label";
import { terseJapanese } from "./ja-endings";

const NUMERAL = "一二三四五六七八九十\\d";
const OPENERS = new RegExp(
  `^(?:(?:えーと|えっと|えー|あのー|あの|まあ|じゃあ|それでは|では|さて|はい|うーん|なんか|まず|最初に|はじめに|初めに|次に|続いて|それから|そして|その後|そのあと|最後に|また|さらに|あと|それと|ただし|ただ|第[${NUMERAL}]+に|[${NUMERAL}]+(?:番目|つ目)に)[、,]?\\s*)+`,
);
// "一つ目の段階は蒸発です", "最初のステップは申し込みです": the subject counts, the complement is the item.
const COUNTED_ITEM = new RegExp(
  `^(?:[${NUMERAL}]+(?:つ目|番目)|第[${NUMERAL}]+|最初|最後|次)(?:の[^、。は]{1,6})?は、?(.+)$`,
);
// Words that depend on what comes before them; a label never starts with one.
const DEPENDENT_START = /^(?:ため|ので|から|こと|よう|など|うち|とき|あと|まま|よって|より|による|でも|だけ|まで|しか)/;
const TOPIC_LEAD = /^[^、。]{2,20}?(?:なんですけど|なんですが|については|では)、/;

function length(text: string): number {
  return [...text].length;
}

/** A phrase that marks the clause's subject or topic ("担当者が", "受注システムは"). */
const isSubject = (phrase: string) => /[がは]、?$/.test(phrase) && !/(?:では|には|とは)、?$/.test(phrase);

/** Runs of one script inside a phrase: "インターネット接続サービスが" → インターネット|接続|サービスが. */
function scriptRuns(phrase: string): string[] {
  return (
    phrase.match(
      /[\u30a0-\u30ffー]+[\u3041-\u309f]*|[\u4e00-\u9fff々]+[\u3041-\u309f]*|[A-Za-z0-9]+[\u3041-\u309f]*|[^\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9]+/g,
    ) ?? [phrase]
  );
}

// A leading phrase in て-form is an earlier action ("撮って|アプリにアップロード"); one in a verb's
// plain form modifies the next noun ("結ぶ|JUNETが始まった"). Either can go when the rest stands.
const EARLIER_ACTION = /(?:て|って|んで|いで)$/;
const MODIFYING_VERB = /[るうくすつぬぶむぐ]$/;

/** The longest run of phrases that ends the text and fits the budget. */
function fitFromEnd(text: string, role: LabelRole): string {
  const phrases = japanesePhrases(text);
  let label = "";
  let truncated = false;
  for (let i = phrases.length - 1; i >= 0; i--) {
    const phrase = phrases[i]!;
    // A clause boundary once the label says something: what came before is another clause.
    if (/、$/.test(phrase) && length(label) >= 5) {
      truncated = true;
      break;
    }
    if (length(phrase + label) > MAX_JA_LABEL && label) {
      // One long phrase ("インターネット接続サービスが"): keep as much of its end as fits.
      if (length(label) < 5)
        for (const run of scriptRuns(phrase).reverse()) {
          if (length(run + label) > MAX_JA_LABEL) break;
          label = run + label;
        }
      truncated = true;
      break;
    }
    label = phrase + label;
  }
  label = label.replace(/^[、\s]+/, "").replace(/、$/, "");
  const kept = japanesePhrases(label);
  if (
    kept.length > 1 &&
    length(kept.slice(1).join("")) >= 4 &&
    (EARLIER_ACTION.test(kept[0]!) || (truncated && MODIFYING_VERB.test(kept[0]!)))
  )
    label = kept.slice(1).join("");
  if (role === "step") {
    // A step is what is done: "担当者が会社のルールを説明" → "会社のルールを説明".
    const phrases = japanesePhrases(label);
    const subject = phrases.findIndex((p, i) => isSubject(p) && i < phrases.length - 1);
    if (subject >= 0 && length(phrases.slice(subject + 1).join("")) >= 4) label = phrases.slice(subject + 1).join("");
  }
  // Only a whole leading phrase can be a dependent word; "できるだけ" and "ところ" are words.
  const first = japanesePhrases(label)[0] ?? "";
  if (DEPENDENT_START.test(first) && first.replace(DEPENDENT_START, "") === "" && length(label) > length(first) + 3)
    label = label.slice(first.length);
  return label;
}

/** The label for what a Japanese sentence says, in the form its role needs. */
export function japaneseLabel(sentence: string, role: LabelRole): string {
  let text = sentence.trim().replace(TOPIC_LEAD, "").replace(OPENERS, "");
  const counted = COUNTED_ITEM.exec(text.replace(/[。.!?！？]+$/, ""));
  if (counted) text = counted[1]!;
  const terse = terseJapanese(text)
    .replace(/(?:とか|や)$/, "")
    .replace(/^[、,\s]+/, "");
  return length(terse) <= MAX_JA_LABEL ? terse : fitFromEnd(terse, role);
}
