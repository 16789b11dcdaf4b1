/** Kanji numerals as digits, for dates said in kanji (七百十年, 千八百六十八年, 明治元年). */

const KANJI_DIGIT: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a run of kanji numerals: 七百十 → 710, 千八百六十八 → 1868, 一九六四 → 1964. */
export function kanjiNumberValue(run: string): number {
  if (!/[十百千]/.test(run)) return Number([...run].map((c) => KANJI_DIGIT[c] ?? 0).join("") || "0");
  let total = 0;
  let digit = 0;
  for (const char of run) {
    if (char in KANJI_UNIT) {
      total += (digit || 1) * KANJI_UNIT[char]!;
      digit = 0;
    } else digit = KANJI_DIGIT[char] ?? 0;
  }
  return total + digit;
}

/** Every run of kanji numerals written in digits; 元年 (an era's first year) is 1年. */
export function kanjiNumeralsToDigits(text: string): string {
  return text.replace(/元年/g, "1年").replace(/[〇一二三四五六七八九十百千]+/g, (run) => String(kanjiNumberValue(run)));
}
