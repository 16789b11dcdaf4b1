/**
 * Makes arbitrary input safe to analyse: capped length, no control or invisible formatting
 * characters, no lone surrogates, NFKC (full-width ASCII → ASCII, half-width kana → full-width),
 * and whitespace collapsed. One pass over the characters; no regular expressions, so its time
 * is linear in the input whatever the input is.
 */
import { MAX_ANALYZED_CHARS } from "../limits";

// Long runs of one punctuation mark ("!!!!!!!!", "。。。。") carry no more meaning than three.
const MAX_REPEATED_PUNCTUATION = 3;

function isInvisible(code: number): boolean {
  return (
    (code >= 0x200b && code <= 0x200f) || // zero-width spaces and joiners, LRM/RLM
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x206f) || // word joiner, bidi isolates
    code === 0xfeff || // byte order mark
    code === 0x00ad // soft hyphen
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x3000 || code === 0xa0 || (code >= 0x2000 && code <= 0x200a);
}

function isPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff01 && code <= 0xff0f)
  );
}

/** Cuts to the cap without splitting a surrogate pair; reports whether it cut. */
export function capLength(text: string, max = MAX_ANALYZED_CHARS): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}

/** Removes what cannot be read or rendered and collapses whitespace; newlines are kept as boundaries. */
export function cleanText(input: string): string {
  const out: string[] = [];
  let pendingSpace = false;
  let pendingNewline = false;
  let lastChar = "";
  let repeats = 0;
  for (let i = 0; i < input.length; i++) {
    let code = input.charCodeAt(i);
    let char = input[i]!;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = input.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        char = input.slice(i, i + 2);
        code = 0x10000;
        i++;
      } else continue; // a lone high surrogate cannot be encoded
    } else if (code >= 0xdc00 && code <= 0xdfff) continue; // lone low surrogate
    if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) {
      pendingNewline = true;
      continue;
    }
    if (isSpace(code)) {
      pendingSpace = true;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || isInvisible(code) || code === 0xfffe || code === 0xffff)
      continue;
    if (char === lastChar && isPunctuation(code)) {
      if (++repeats >= MAX_REPEATED_PUNCTUATION) continue;
    } else repeats = 0;
    if (out.length > 0 && pendingNewline) out.push("\n");
    else if (out.length > 0 && pendingSpace) out.push(" ");
    pendingSpace = pendingNewline = false;
    out.push(char);
    lastChar = char;
  }
  return out.join("");
}

/** The text the engine analyses: cleaned, NFKC-normalised, capped at MAX_ANALYZED_CHARS. */
export function normalizeTranscript(input: string): { text: string; truncated: boolean } {
  // Cap before the expensive steps, with slack because cleaning only shortens the text.
  const rough = capLength(input, MAX_ANALYZED_CHARS * 2);
  const cleaned = cleanText(rough.text).normalize("NFKC");
  // NFKC can turn one character into several ("㍻" → "平成"); cleaning again drops anything it exposed.
  const capped = capLength(cleanText(cleaned));
  return { text: capped.text, truncated: rough.truncated || capped.truncated };
}
