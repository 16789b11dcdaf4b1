/** Walking text by character while keeping surrogate pairs whole. */

/**
 * Rebuilds `text` from what `map` returns for each character (a surrogate pair passes through
 * unchanged); lone surrogates, which no SVG/XML or Mermaid reader accepts, are dropped.
 */
export function mapCharacters(text: string, map: (char: string, code: number) => string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) out += text[i]! + text[++i]!;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    out += map(text[i]!, code);
  }
  return out;
}
