/**
 * Enumerations inside one sentence: "fish, amphibians, reptiles, birds and mammals",
 * "国内営業部と海外営業部", "清水寺、伏見稲荷、嵐山". Returns the short items in order, or nothing
 * when the commas separate clauses rather than things.
 */
import type { Language } from "../schema";
import { isAsciiLetter, isDigit, isHiragana, isJapaneseWordChar } from "./scripts";

const MAX_ITEM_WORDS = 4;
const MAX_ITEM_CHARS_JA = 20;
// Words that introduce the list inside the first piece: "Reptiles include snakes" → "snakes".
const EN_INTRODUCERS =
  /\s(?:is|are|was|were|into|of|include|includes|including|like|such as|has|have|had|cover|covers|contain|contains|do|get|you have|find|either|there's|there is|there are)\s/gi;
const EN_LEADING =
  /^(?:and|or|plus|with|like|such as|for example|for instance|e\.g\.|maybe|probably|perhaps|also|even|definitely|so|then|the|a|an|some|our|their|its|hmm|um|uh|honestly|well)[\s,]+/i;
const EN_FILLER_ITEM = /^(?:hmm+|um+|uh+|honestly|well|okay|ok|so|yeah|right|maybe|etc)$/i;
// "Engineering has two teams, the platform team and the mobile team": the count announces the items.
const EN_COUNT_ITEM =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+(?:main\s+|big\s+|small\s+)?[a-z-]+s$/i;
const JA_COUNT_ITEM = /^(?:[二三四五六七八九十\d]+つ|[二三四五六七八九十\d]+(?:種類|部門|チーム))(?:の[^、。]{1,6})?$/;
// Where the last item of a Japanese list ends and the sentence's predicate begins.
const JA_PREDICATE_STARTS = [
  "など",
  "といった",
  "あたり",
  "を",
  "があり",
  "がある",
  "があっ",
  "がいま",
  "がいる",
  "が含",
  "が入",
  "が好",
  "が目標",
  "に分",
  "に行",
  "に含",
  "で構成",
  "です",
  "でした",
  "でしょう",
  "かな",
  "とか",
  "かもしれ",
  "もいい",
  "にした",
  "ですね",
  "でやり",
  "で",
  "は",
];
const VERB_ENDINGS = "てでただるすいばらくりしにはがをと";
const JA_COUNT = /の[一二三四五六七八九十\d]+つ/;

/** The text before the earliest predicate start; "は"/"で" count only right after a content character. */
function beforePredicate(item: string): string {
  let cut = item.length;
  for (const start of JA_PREDICATE_STARTS) {
    let at = item.indexOf(start);
    // "は"/"で" end the item only right after a content character, and "での" ("大学での説明会") never does.
    const skip = (i: number) =>
      (start === "は" || start === "で") &&
      i > 0 &&
      (!isJapaneseWordChar(item.charCodeAt(i - 1)) || (start === "で" && item[i + 1] === "の"));
    while (at >= 0 && skip(at)) at = item.indexOf(start, at + 1);
    if (at > 0 && at < cut) cut = at;
  }
  const count = JA_COUNT.exec(item);
  if (count && count.index > 0 && count.index < cut) cut = count.index;
  return item.slice(0, cut);
}

/** The part of a first piece after its last introducing word. */
function afterIntroducer(piece: string): string {
  let end = -1;
  for (const match of piece.matchAll(EN_INTRODUCERS)) end = match.index + match[0].length;
  return end > 0 ? piece.slice(end) : piece;
}

function englishItems(text: string): string[] {
  const colon = text.lastIndexOf(":");
  const body = (colon >= 0 ? text.slice(colon + 1) : text).replace(/[.!?]+$/, "");
  const commaPieces = body.split(/\s*[,;]\s*/);
  const last = commaPieces.pop() ?? "";
  const pieces = [...commaPieces, ...last.split(/\s+(?:and|or)\s+/i)].filter(Boolean);
  if (pieces.length < 2) return [];
  const cleaned = pieces.map((piece, i) => {
    let item = piece.trim();
    if (i === 0) item = afterIntroducer(item);
    for (let k = 0; k < 3 && EN_LEADING.test(item); k++) item = item.replace(EN_LEADING, "");
    return item.replace(/\s+(?:etc|too|as well)$/i, "").trim();
  });
  // Two items joined by "and" are often two subjects of a clause ("Carol and Dave co-wrote a
  // paper"), so a pair must be terser than a longer list.
  const items = cleaned.filter((item) => !EN_FILLER_ITEM.test(item) && !EN_COUNT_ITEM.test(item));
  const maxWords = items.length === 2 ? 3 : MAX_ITEM_WORDS;
  return keepIfList(items, (item) => item.length > 0 && item.split(" ").length <= maxWords);
}

function isNameChar(code: number): boolean {
  return isJapaneseWordChar(code) || isAsciiLetter(code) || isDigit(code);
}

/** Splits Japanese on 、 and on と/や between two content characters (国内営業部と海外営業部). */
function japanesePieces(text: string): string[] {
  const pieces: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const between = i > 0 && isNameChar(text.charCodeAt(i - 1)) && isNameChar(text.charCodeAt(i + 1));
    if (char === "、" || char === "," || char === "・" || ((char === "と" || char === "や") && between)) {
      pieces.push(current);
      current = "";
    } else current += char;
  }
  pieces.push(current);
  return pieces.map((p) => p.replace(/[。!?]+$/, "").trim());
}

function japaneseItems(text: string): string[] {
  const pieces = japanesePieces(text);
  if (pieces.length < 2) return [];
  const cleaned = pieces.map((piece, i) => {
    let item = piece;
    if (i === 0) {
      // The first piece may carry a lead-in: "おかずの案としては、" alone, or "主食にはご飯".
      if (/(?:は|に|が|を|で|も)$/.test(item)) item = "";
      else {
        const cut = Math.max(item.lastIndexOf("は"), item.lastIndexOf("まず") >= 0 ? item.lastIndexOf("まず") + 1 : -1);
        if (cut >= 0) item = item.slice(cut + 1);
      }
    }
    // "資格を取ることと、英語で…": the と before 、 joins the items.
    if (i < pieces.length - 1 && /(?:こと|もの)と$/.test(item)) item = item.slice(0, -1);
    // A nominalised clause ("英語で発表できるようになること") is an item whole.
    if (i === pieces.length - 1 && !/(?:こと|もの)$/.test(item)) item = beforePredicate(item);
    // "屋台や、お菓子作り": the や/とか that joined the items is not part of either.
    return item
      .replace(/^(?:それから|そして|あと|さらに|また)/, "")
      .replace(/(?:とか|や)$/, "")
      .trim();
  });
  // An item ends in a content character, or is a short word ending in kana that is not a verb
  // or adjective ending (玉ねぎ, じゃがいも, but not ひいて).
  const usable = (item: string) =>
    item.length > 0 &&
    item.length <= MAX_ITEM_CHARS_JA &&
    (!isHiragana(item.charCodeAt(item.length - 1)) ||
      /(?:こと|もの)$/.test(item) ||
      (item.length <= 8 && !VERB_ENDINGS.includes(item[item.length - 1]!)));
  return keepIfList(
    cleaned.filter(
      (item, i) => (item.length > 0 || (i !== 0 && i !== cleaned.length - 1)) && !JA_COUNT_ITEM.test(item),
    ),
    usable,
  );
}

function keepIfList(items: string[], usable: (item: string) => boolean): string[] {
  const good = items.filter(usable);
  return good.length >= 2 && good.length / items.length >= 0.6 ? good : [];
}

/** The items of an enumeration in `text`, or [] when there is none. */
export function splitList(text: string, language: Language): string[] {
  return language === "ja" ? japaneseItems(text) : englishItems(text);
}
