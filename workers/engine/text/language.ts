/** Tells Japanese from English by counting scripts; the engine supports exactly these two. */
import type { Language } from "../schema";
import { isAsciiLetter, isHiragana, isKanji, isKatakana } from "./scripts";

// Kana occur in every Japanese sentence and in no English one, so a small share decides;
// kanji alone (a Chinese quotation, a name) count less, as they also appear in mixed English text.
const KANA_SHARE_FOR_JAPANESE = 0.05;

/** "ja" when kana (or mostly kanji) carry the text, otherwise "en"; looks at the first 20,000 characters. */
export function detectLanguage(text: string): Language {
  let kana = 0;
  let kanji = 0;
  let latin = 0;
  const limit = Math.min(text.length, 20_000);
  for (let i = 0; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (isHiragana(code) || isKatakana(code)) kana++;
    else if (isKanji(code)) kanji++;
    else if (isAsciiLetter(code)) latin++;
  }
  const letters = kana + kanji + latin;
  if (letters === 0) return "en";
  if (kana / letters >= KANA_SHARE_FOR_JAPANESE) return "ja";
  return kanji > latin ? "ja" : "en";
}
