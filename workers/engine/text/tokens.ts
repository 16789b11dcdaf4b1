/**
 * Word tokens with their offsets. English words are letter/digit runs (with inner ' and -);
 * Japanese content words are runs of kanji and katakana (hiragana carries grammar: particles,
 * verb endings), with Latin runs such as "iPhone" or "API" kept as words too.
 */
import { isAsciiLetter, isDigit, isHiragana, isJapaneseWordChar, isLatinExtended } from "./scripts";

export type TokenKind = "word" | "number" | "kana" | "punct";

export interface Token {
  text: string;
  lower: string;
  kind: TokenKind;
  start: number;
  end: number;
}

function isLatinWordChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || isLatinExtended(code);
}

/** Splits `text` into tokens; each non-space character that is no word belongs to a "punct" or "kana" token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const start = i;
    if (isLatinWordChar(code)) {
      i += width;
      // Inner apostrophes and hyphens stay: "doesn't", "pour-over", "Wi-Fi".
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (isLatinWordChar(c)) i++;
        else if ((c === 0x27 || c === 0x2d || c === 0x2019) && isLatinWordChar(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      const word = text.slice(start, i);
      const numeric = isDigit(word.charCodeAt(0));
      tokens.push({ text: word, lower: word.toLowerCase(), kind: numeric ? "number" : "word", start, end: i });
    } else if (isJapaneseWordChar(code)) {
      while (i < text.length && isJapaneseWordChar(text.codePointAt(i)!)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      const word = text.slice(start, i);
      tokens.push({ text: word, lower: word, kind: "word", start, end: i });
    } else if (isHiragana(code)) {
      while (i < text.length && isHiragana(text.charCodeAt(i))) i++;
      const kana = text.slice(start, i);
      tokens.push({ text: kana, lower: kana, kind: "kana", start, end: i });
    } else {
      i += width;
      if (code !== 0x20 && code !== 0x0a)
        tokens.push({ text: text.slice(start, i), lower: text.slice(start, i), kind: "punct", start, end: i });
    }
  }
  return tokens;
}
