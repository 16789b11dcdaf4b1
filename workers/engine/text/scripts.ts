/**
 * Character classes by Unicode block, checked with plain comparisons on code points so the
 * cost is constant per character (no regular expressions, no Unicode property tables).
 */

export function isHiragana(code: number): boolean {
  return code >= 0x3041 && code <= 0x309f;
}

/** Katakana including the prolonged sound mark ー and half-width forms. */
export function isKatakana(code: number): boolean {
  return (code >= 0x30a0 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff) || (code >= 0xff66 && code <= 0xff9f);
}

/** CJK ideographs, plus 々 (repetition) and 〆, which behave like kanji inside words. */
export function isKanji(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x2ffff) ||
    code === 0x3005 ||
    code === 0x3006
  );
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Letters of Latin-based alphabets beyond ASCII (é, ñ, ß …), which word tokens may contain. */
export function isLatinExtended(code: number): boolean {
  return (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff);
}

/** Characters that take a full em in a CJK font: ideographs, kana, Hangul, full-width forms, CJK punctuation. */
export function isFullWidth(code: number): boolean {
  return (
    isKanji(code) ||
    isHiragana(code) ||
    (code >= 0x30a0 && code <= 0x30ff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x2e80 && code <= 0x2fff) ||
    (code >= 0x3100 && code <= 0x33ff)
  );
}

/** Pictographs and emoji, which fonts draw wider than an em. */
export function isEmoji(code: number): boolean {
  return (code >= 0x1f000 && code <= 0x1faff) || (code >= 0x2600 && code <= 0x27bf);
}

/** Japanese word characters: what a content word in Japanese is made of. */
export function isJapaneseWordChar(code: number): boolean {
  return isKanji(code) || isKatakana(code);
}
