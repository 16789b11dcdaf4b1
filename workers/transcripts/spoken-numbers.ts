/**
 * Inverse text normalisation for English speech: spoken numbers and dates become digits
 * ("nineteen sixty nine" → 1969, "twenty twenty four" → 2024, "fifty percent" → 50%). A small
 * number under ten stays a word unless digits read better: before a counted noun ("four steps"),
 * after a naming noun ("step three"). Pure; the engine's words are read, never changed.
 */
import { MONTH_NAMES } from "../engine/text/month-names";

/** One output token and the range [from, to) of input words it stands for. */
export interface NormalizedToken {
  text: string;
  from: number;
  to: number;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
const MONTHS = MONTH_NAMES;
// "march" and "may" are also a verb and a modal: they are months only next to a day or a year.
const UNAMBIGUOUS_MONTHS = new Set(MONTHS.filter((m) => m !== "march" && m !== "may"));

/** Nouns that count: "four steps" reads better as "4 steps". */
const COUNTED_NOUNS = new Set([
  "steps",
  "stages",
  "phases",
  "parts",
  "items",
  "points",
  "people",
  "users",
  "customers",
  "teams",
  "days",
  "weeks",
  "months",
  "years",
  "hours",
  "minutes",
  "seconds",
  "times",
  "percent",
  "dollars",
  "euros",
  "pounds",
  "yen",
  "kilometers",
  "miles",
  "meters",
  "kilograms",
  "servers",
  "nodes",
  "options",
  "groups",
  "levels",
  "rounds",
  "versions",
  "questions",
  "reasons",
  "types",
  "layers",
  "components",
]);
/** Nouns that name by number: "step three" → "step 3". */
const NAMING_NOUNS = new Set([
  "step",
  "stage",
  "phase",
  "part",
  "chapter",
  "page",
  "version",
  "number",
  "level",
  "option",
  "section",
  "figure",
  "table",
  "room",
  "grade",
  "round",
]);

type Kind = "unit" | "teen" | "tens" | "hundred" | "scale";

interface Cardinal {
  value: number;
  end: number;
  /** How many number words it used (a single word under ten is treated apart). */
  wordCount: number;
}

/** Reads the longest well-formed cardinal at `i` ("two thousand and five", "twenty four"). */
function readCardinal(words: readonly string[], i: number): Cardinal | undefined {
  let total = 0;
  let group = 0;
  let last: Kind | undefined;
  let j = i;
  let used = 0;
  let end = i;
  // "a hundred", "a thousand": the article is the number one.
  if (words[j] === "a" && (words[j + 1] === "hundred" || SCALES[words[j + 1] ?? ""] !== undefined)) {
    group = 1;
    last = "unit";
    j++;
  }
  for (; j < words.length; j++) {
    const word = words[j]!;
    if (word === "and" && (last === "hundred" || last === "scale") && isSmallNumberWord(words[j + 1])) continue;
    if (UNITS[word] !== undefined) {
      if (last === "unit" || last === "teen") break;
      group += UNITS[word]!;
      last = "unit";
    } else if (TEENS[word] !== undefined || TENS[word] !== undefined) {
      if (last === "unit" || last === "teen" || last === "tens") break;
      group += TEENS[word] ?? TENS[word]!;
      last = TEENS[word] !== undefined ? "teen" : "tens";
    } else if (word === "hundred") {
      if (last !== "unit" && last !== "teen") break;
      group *= 100;
      last = "hundred";
    } else if (SCALES[word] !== undefined) {
      if (last === undefined || last === "scale" || group === 0) break;
      total += group * SCALES[word]!;
      group = 0;
      last = "scale";
    } else break;
    used++;
    end = j + 1;
  }
  if (used === 0) return undefined;
  return { value: total + group, end, wordCount: used };
}

function isSmallNumberWord(word: string | undefined): boolean {
  return word !== undefined && (UNITS[word] !== undefined || TEENS[word] !== undefined || TENS[word] !== undefined);
}

/** The two-digit half of a spoken year at `i`: "sixty nine", "twenty four", "oh five", "ten". */
function readYearHalf(words: readonly string[], i: number): { value: number; end: number } | undefined {
  const word = words[i];
  if (word === "oh" && UNITS[words[i + 1] ?? ""] !== undefined) return { value: UNITS[words[i + 1]!]!, end: i + 2 };
  if (word === undefined || (TEENS[word] === undefined && TENS[word] === undefined)) return undefined;
  const cardinal = readCardinal(words, i);
  if (!cardinal || cardinal.value < 10 || cardinal.value > 99) return undefined;
  return { value: cardinal.value, end: cardinal.end };
}

/** "nineteen sixty nine", "twenty twenty four": a century (11–20) said as one word, then two digits. */
function readYear(words: readonly string[], i: number): { value: number; end: number } | undefined {
  const century = TEENS[words[i] ?? ""] ?? (words[i] === "twenty" ? 20 : undefined);
  if (century === undefined || century < 11) return undefined;
  if (words[i + 1] === "hundred") return undefined; // "nineteen hundred" is read as a cardinal
  const half = readYearHalf(words, i + 1);
  return half ? { value: century * 100 + half.value, end: half.end } : undefined;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Rewrites lower-case spoken words into written tokens with digits; `from`/`to` index the input. */
export function normalizeSpokenNumbers(words: readonly string[]): NormalizedToken[] {
  const out: NormalizedToken[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const previous = words[i - 1];
    const month = MONTHS.includes(word) ? readDate(words, i) : undefined;
    if (month) {
      out.push(month);
      i = month.to;
      continue;
    }
    if (UNAMBIGUOUS_MONTHS.has(word)) {
      out.push({ text: capitalize(word), from: i, to: i + 1 });
      i++;
      continue;
    }
    const year = readYear(words, i);
    if (year) {
      out.push({ text: String(year.value), from: i, to: year.end });
      i = year.end;
      continue;
    }
    const cardinal = readCardinal(words, i);
    if (cardinal) {
      const next = words[cardinal.end];
      const decimal = next === "point" ? readDecimals(words, cardinal.end + 1) : undefined;
      const written = decimal ? `${cardinal.value}.${decimal.digits}` : String(cardinal.value);
      const end = decimal ? decimal.end : cardinal.end;
      const after = words[end];
      const single = cardinal.wordCount === 1 && cardinal.value < 10 && !decimal;
      if (!single || readsAsDigits(word, previous, after)) {
        if (after === "percent") out.push({ text: `${written}%`, from: i, to: end + 1 });
        else out.push({ text: written, from: i, to: end });
        i = after === "percent" ? end + 1 : end;
        continue;
      }
    }
    out.push({ text: word, from: i, to: i + 1 });
    i++;
  }
  return out;
}

function readsAsDigits(word: string, previous: string | undefined, next: string | undefined): boolean {
  if (previous !== undefined && NAMING_NOUNS.has(previous)) return true;
  // "one" before a noun is usually the article-like one ("one day"), so only a percentage or money counts.
  if (word === "one" || word === "zero") return next === "percent" || next === "dollars" || next === "euros";
  return next !== undefined && COUNTED_NOUNS.has(next);
}

function readDecimals(words: readonly string[], i: number): { digits: string; end: number } | undefined {
  let digits = "";
  let j = i;
  while (j < words.length && (UNITS[words[j]!] !== undefined || words[j] === "oh"))
    digits += String(UNITS[words[j++]!] ?? 0);
  return digits ? { digits, end: j } : undefined;
}

/** "july fourth", "july twenty first", "july nineteen sixty nine", "the fourth of july" is left as said. */
function readDate(words: readonly string[], i: number): NormalizedToken | undefined {
  const month = capitalize(words[i]!);
  const day = readOrdinalDay(words, i + 1);
  if (day) {
    const year = readYear(words, day.end);
    return year
      ? { text: `${month} ${day.value}, ${year.value}`, from: i, to: year.end }
      : { text: `${month} ${day.value}`, from: i, to: day.end };
  }
  const year = readYear(words, i + 1);
  return year ? { text: `${month} ${year.value}`, from: i, to: year.end } : undefined;
}

function readOrdinalDay(words: readonly string[], i: number): { value: number; end: number } | undefined {
  const word = words[i] ?? "";
  if (ORDINALS[word] !== undefined) return { value: ORDINALS[word]!, end: i + 1 };
  const tens = TENS[word];
  const unit = ORDINALS[words[i + 1] ?? ""];
  if ((tens === 20 || tens === 30) && unit !== undefined && unit < 10) return { value: tens + unit, end: i + 2 };
  return undefined;
}
