/**
 * Turns a spoken Japanese sentence ending into the terse form diagrams use: polite verbs to
 * plain form (切ります → 切る, 始まりました → 始まった), する-verbs to their noun (確認します →
 * 確認), and copulas and sentence particles dropped (完成です → 完成). Rules, not a dictionary:
 * a rare verb may come out slightly off, never longer than it went in.
 */

// Kana rows: the i-row (連用形) kana and its u-row (dictionary form) partner.
const I_TO_U: Record<string, string> = {
  い: "う",
  き: "く",
  ぎ: "ぐ",
  し: "す",
  ち: "つ",
  に: "ぬ",
  び: "ぶ",
  み: "む",
  り: "る",
};
const E_ROW = "えけげせてねべめれへでぜ";
// Past tense of godan verbs by the stem's last kana (音便).
const I_TO_PAST: Record<string, string> = {
  い: "った",
  ち: "った",
  り: "った",
  み: "んだ",
  び: "んだ",
  に: "んだ",
  き: "いた",
  ぎ: "いだ",
  し: "した",
};
// Verbs whose stem ends in an i-row kana but which are ichidan (見る, できる …): kept whole.
const ICHIDAN_STEMS = [
  "でき",
  "見",
  "起き",
  "過ぎ",
  "着",
  "生き",
  "落ち",
  "借り",
  "浴び",
  "信じ",
  "感じ",
  "い",
  "足り",
  "伸び",
];

const PARTICLE_TAILS = [
  "んですよね",
  "んですよ",
  "んです",
  "ですよね",
  "ですね",
  "ですよ",
  "よね",
  "ね",
  "よ",
  "な",
  "わ",
];
const SURU_ENDINGS = ["していきます", "しています", "しましょう", "しました", "してください", "します", "できます"];
const COPULAS = ["でございます", "でした", "です", "だった", "だ", "である"];

function isContentChar(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x30a0 && code <= 0x30ff) ||
    (code >= 0x41 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39)
  );
}

function stripTail(text: string, tails: string[]): string {
  for (const tail of tails) if (text.endsWith(tail) && text.length > tail.length) return text.slice(0, -tail.length);
  return text;
}

function plainFromMasu(stem: string, past: boolean): string {
  // "おすすめし", "田植えをし", "お願いし": する after a kana noun or を; after an a-row kana it is
  // the godan す of 溶かす, 減らす, 増やす.
  const beforeShi = stem[stem.length - 2] ?? "";
  if (stem.endsWith("し") && /[\u3041-\u309f]/.test(beforeShi) && !"あかさたなはまやらわがざだばぱ".includes(beforeShi))
    return stem.slice(0, -1) + (past ? "した" : "する");
  if (stem === "き" || stem.endsWith("てき")) return stem.slice(0, -1) + (past ? "きた" : "くる"); // 来る
  if (stem === "行き" || stem.endsWith("て行き") || stem.endsWith("いき"))
    return stem.slice(0, -1) + (past ? "った" : "く");
  const last = stem[stem.length - 1] ?? "";
  const ichidan =
    E_ROW.includes(last) ||
    ICHIDAN_STEMS.some((s) => stem.endsWith(s) && (s.length > 1 || stem.endsWith("てい") || stem === s));
  if (ichidan) return stem + (past ? "た" : "る");
  if (past && I_TO_PAST[last]) return stem.slice(0, -1) + I_TO_PAST[last];
  if (!past && I_TO_U[last]) return stem.slice(0, -1) + I_TO_U[last];
  return stem + (past ? "た" : "る");
}

/** The sentence with its polite ending made terse; punctuation at the end removed. */
export function terseJapanese(sentence: string): string {
  let text = sentence.replace(/[。．.!?！？]+$/, "").trim();
  text = stripTail(text, PARTICLE_TAILS);
  // "登校させますが" / "安いですけど": a clause cut before its contrast; the connective goes.
  text = text.replace(/((?:ます|です|ました|でした))(?:が|けど|けれど|けれども|し)$/, "$1");
  for (const ending of SURU_ENDINGS) {
    if (!text.endsWith(ending)) continue;
    const stem = text.slice(0, -ending.length);
    // 確認します → 確認, 動作確認をします → 動作確認; but 押します is the verb 押す, not a noun.
    if (stem.endsWith("を") && stem.length > 2 && isContentChar(stem.charCodeAt(stem.length - 2)))
      return stem.slice(0, -1);
    if (isContentChar(stem.charCodeAt(stem.length - 1)) && isContentChar(stem.charCodeAt(stem.length - 2))) return stem;
  }
  const beforeCopula = stripTail(text, COPULAS);
  if (beforeCopula !== text) return beforeCopula.replace(/[んの]$/, "");
  if (text.endsWith("ました")) return plainFromMasu(text.slice(0, -3), true);
  if (text.endsWith("ます")) return plainFromMasu(text.slice(0, -2), false);
  if (text.endsWith("ません")) return `${plainFromNegativeStem(text.slice(0, -3))}`;
  return text;
}

function plainFromNegativeStem(stem: string): string {
  const last = stem[stem.length - 1] ?? "";
  if (stem.endsWith("し")) return `${stem.slice(0, -1)}しない`;
  if (E_ROW.includes(last) || ICHIDAN_STEMS.some((s) => stem.endsWith(s))) return `${stem}ない`;
  const toA: Record<string, string> = {
    い: "わ",
    き: "か",
    ぎ: "が",
    し: "さ",
    ち: "た",
    に: "な",
    び: "ば",
    み: "ま",
    り: "ら",
  };
  return toA[last] ? `${stem.slice(0, -1)}${toA[last]}ない` : `${stem}ない`;
}
