/**
 * Time expressions as they are said: years, dates, months, weekdays, clock times, and relative
 * ones ("ten years later", "三年前"). Absolute ones place an event on an axis; relative ones
 * only say that time passes, so they count for less when deciding on a timeline.
 */

import type { Language } from "../schema";
import { kanjiNumberValue } from "./kanji-numerals";
import { MONTH_NAMES } from "./month-names";
import { isDigit } from "./scripts";
import type { Token } from "./tokens";

export interface TimeExpression {
  text: string;
  absolute: boolean;
  /** How firmly it places an event: 1 for a year, date or clock time, 0.7 for a weekday, 0.5 for "later". */
  strength: number;
  /** Offset in the sentence, so a label can drop the expression it shows separately. */
  start: number;
  end: number;
}

const MONTHS = new Set([...MONTH_NAMES, "sept"]);
const WEEKDAYS = new Set(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
const CLOCK_WORDS = new Set(["noon", "midnight", "o'clock"]);
const RELATIVE_UNITS = new Set([
  "year",
  "years",
  "decade",
  "decades",
  "month",
  "months",
  "week",
  "weeks",
  "century",
  "centuries",
]);
const RELATIVE_AFTER = new Set(["later", "ago", "after", "before", "earlier"]);
// A weekday names a day of some week: it orders a schedule, but is as often a passing remark.
const WEEKDAY_STRENGTH = 0.7;
// "at 6", "from 4": a bare hour after one of these is a clock time.
const CLOCK_PREPOSITIONS = new Set(["at", "from", "around", "until", "till", "by"]);
const ORDINAL_SUFFIXES = new Set(["st", "nd", "rd", "th"]);

function isYear(token: Token): boolean {
  if (token.kind !== "number") return false;
  const digits = token.lower.endsWith("s") ? token.lower.slice(0, -1) : token.lower;
  if (digits.length !== 4) return false;
  const year = Number(digits);
  return year >= 1000 && year <= 2099;
}

function isDayNumber(token: Token | undefined): boolean {
  if (token?.kind !== "number") return false;
  const day = parseInt(token.lower, 10);
  const suffix = token.lower.replace(/^\d+/, "");
  return day >= 1 && day <= 31 && (suffix === "" || ORDINAL_SUFFIXES.has(suffix));
}

/** English time expressions in a sentence's tokens (offsets relative to the sentence). */
export function englishTimes(tokens: Token[], sentence: string): TimeExpression[] {
  const found: TimeExpression[] = [];
  const add = (from: number, to: number, absolute: boolean, strength = absolute ? 1 : 0.5) =>
    found.push({
      text: sentence.slice(tokens[from]!.start, tokens[to]!.end),
      absolute,
      strength,
      start: tokens[from]!.start,
      end: tokens[to]!.end,
    });
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (isYear(token)) add(i, i, true);
    else if (MONTHS.has(token.lower) && (token.lower !== "may" || token.text === "May"))
      add(i, isDayNumber(next) ? i + 1 : i, true);
    else if (WEEKDAYS.has(token.lower)) add(i, i, true, WEEKDAY_STRENGTH);
    else if (CLOCK_WORDS.has(token.lower)) add(i, i, true);
    else if (token.kind === "number" && next?.text === ":" && tokens[i + 2]?.kind === "number") {
      const meridiem = tokens[i + 3] && (tokens[i + 3]!.lower === "am" || tokens[i + 3]!.lower === "pm");
      add(i, meridiem ? i + 3 : i + 2, true);
      i += meridiem ? 3 : 2;
    } else if (token.kind === "number" && (next?.lower === "am" || next?.lower === "pm")) add(i, i + 1, true);
    else if (
      token.kind === "number" &&
      CLOCK_PREPOSITIONS.has(tokens[i - 1]?.lower ?? "") &&
      Number(token.lower) >= 1 &&
      Number(token.lower) <= 24 &&
      next?.text !== "%"
    )
      add(i, i, true);
    else if (/^\d{1,2}(am|pm)$/.test(token.lower)) add(i, i, true);
    else if (RELATIVE_UNITS.has(token.lower) && RELATIVE_AFTER.has(next?.lower ?? "")) {
      const from =
        i > 0 &&
        (tokens[i - 1]!.kind === "number" ||
          /^(a|one|two|three|four|five|six|seven|eight|nine|ten|few|many|several)$/.test(tokens[i - 1]!.lower))
          ? i - 1
          : i;
      add(from, i + 1, false);
    } else if (token.lower === "century" && i > 0 && /^\d+(st|nd|rd|th)$/.test(tokens[i - 1]!.lower))
      add(i - 1, i, true);
  }
  return found;
}

const JA_COUNTERS_ABSOLUTE = ["年代", "年", "月", "日", "時半", "時", "世紀"];
const KANJI_DIGITS = "〇一二三四五六七八九十百千";
const JA_WORDS_ABSOLUTE = [
  "月曜日",
  "火曜日",
  "水曜日",
  "木曜日",
  "金曜日",
  "土曜日",
  "日曜日",
  "月曜",
  "火曜",
  "水曜",
  "木曜",
  "金曜",
  "土曜",
  "日曜",
];
const JA_WORDS_RELATIVE = [
  "午前中",
  "午前",
  "午後",
  "夕方",
  "来週",
  "今週",
  "先週",
  "来月",
  "今月",
  "先月",
  "今年度",
  "今年",
  "来年",
  "去年",
  "昨年",
  "翌年",
  "翌月",
  "翌日",
  "年前",
  "年後",
  "年間",
];
// "30日以内", "5年ほど": a length of time, not a point on an axis.
const DURATION_AFTER = ["以内", "以上", "未満", "間", "ほど", "くらい", "ぐらい", "前後", "を過ぎ", "を超え"];
const ERAS = ["明治", "大正", "昭和", "平成", "令和"];
// 千九百六十四 is seven characters; a longer run of numerals is no date.
const MAX_KANJI_NUMBER = 8;

/** Japanese time expressions in a sentence (offsets relative to it). */
export function japaneseTimes(sentence: string): TimeExpression[] {
  const found: TimeExpression[] = [];
  let i = 0;
  while (i < sentence.length) {
    const start = i;
    const era = ERAS.find((e) => sentence.startsWith(e, i));
    if (era) i += era.length;
    const numberStart = i;
    if (era && sentence.startsWith("元", i)) i++; // 明治元年: an era's first year
    while (
      i < sentence.length &&
      (isDigit(sentence.charCodeAt(i)) || (KANJI_DIGITS.includes(sentence[i]!) && i - numberStart < MAX_KANJI_NUMBER))
    )
      i++;
    if (i > numberStart) {
      const counter = JA_COUNTERS_ABSOLUTE.find((c) => sentence.startsWith(c, i));
      // Small kanji numbers before 年 are usually durations ("五年ほど"); digits before 年, and
      // kanji in the hundreds or thousands (七百十年, 千八百六十八年), are years.
      const arabic = isDigit(sentence.charCodeAt(numberStart));
      const kanjiYear = !arabic && kanjiNumberValue(sentence.slice(numberStart, i)) >= 100;
      const duration = counter && DURATION_AFTER.some((d) => sentence.startsWith(d, i + counter.length));
      if (counter && !duration && (arabic || era || kanjiYear || counter !== "年")) {
        i += counter.length;
        const about = ["ごろ", "頃", "ころ"].find((a) => sentence.startsWith(a, i));
        if (about) i += about.length;
        found.push({ text: sentence.slice(start, i), absolute: true, strength: 1, start, end: i });
        continue;
      }
      const relative = JA_WORDS_RELATIVE.find((w) => sentence.startsWith(w, i) && w.startsWith("年"));
      if (relative) {
        i += relative.length;
        found.push({ text: sentence.slice(start, i), absolute: false, strength: 0.5, start, end: i });
        continue;
      }
      continue;
    }
    i = start;
    const word =
      JA_WORDS_ABSOLUTE.find((w) => sentence.startsWith(w, i)) ??
      JA_WORDS_RELATIVE.find((w) => sentence.startsWith(w, i) && !w.startsWith("年"));
    if (word) {
      const absolute = JA_WORDS_ABSOLUTE.includes(word);
      found.push({ text: word, absolute, strength: absolute ? WEEKDAY_STRENGTH : 0.5, start: i, end: i + word.length });
      i += word.length;
    } else i++;
  }
  return found;
}

// What joins two times into one span: "February and March", "4 to 5:30", "月曜と水曜".
// Adjacent expressions are one date too: "April 1961", "4月1日".
const JOINERS = { en: /^\s*(?:and|or|to|through|until|-|–)?\s*$/i, ja: /^(?:と|から|〜|~|-|・|や)?$/ } as const;

/** Joins neighbouring expressions that name one span of time. */
function mergeSpans(sentence: string, times: TimeExpression[], language: Language): TimeExpression[] {
  const merged: TimeExpression[] = [];
  for (const time of times) {
    const previous = merged[merged.length - 1];
    if (previous && JOINERS[language].test(sentence.slice(previous.end, time.start))) {
      merged[merged.length - 1] = {
        text: sentence.slice(previous.start, time.end),
        absolute: previous.absolute || time.absolute,
        strength: Math.max(previous.strength, time.strength),
        start: previous.start,
        end: time.end,
      };
    } else merged.push(time);
  }
  return merged;
}

/** Time expressions in a sentence, in the order they are said. */
export function findTimes(sentence: string, tokens: Token[], language: Language): TimeExpression[] {
  return mergeSpans(sentence, language === "ja" ? japaneseTimes(sentence) : englishTimes(tokens, sentence), language);
}
