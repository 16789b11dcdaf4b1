/** XML text safety: entities for markup characters, and removal of what XML 1.0 cannot carry at all. */
import { mapCharacters } from "../text/code-units";

/** Escapes &, <, >, " and ' and drops control characters, lone surrogates and U+FFFE/U+FFFF. */
export function escapeXml(text: string): string {
  return mapCharacters(text, (char, code) => {
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff)
      return "";
    return char === "&"
      ? "&amp;"
      : char === "<"
        ? "&lt;"
        : char === ">"
          ? "&gt;"
          : char === '"'
            ? "&quot;"
            : char === "'"
              ? "&#39;"
              : char;
  });
}

/** A number as SVG wants it: at most two decimals, no trailing zeros, never "-0". */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** A 32-bit FNV-1a hash in base 36: short, stable ids derived from content. */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
