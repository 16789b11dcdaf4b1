/**
 * Line breaking for labels. Latin breaks at spaces; Japanese, which has no spaces, breaks between
 * phrases (BudouX), so a word is never split across lines (研|修); kinsoku is kept on top: closing
 * punctuation, small kana and ー never start a line and opening brackets never end one. Only a
 * phrase wider than the whole line is cut by characters; past `maxLines` the last line ends in
 * an ellipsis (titles and edge labels only: node labels are short enough never to reach it).
 */
import { japanesePhrases } from "../text/ja-phrases";
import { isFullWidth } from "../text/scripts";
import { measureText } from "./text-measure";

const NO_LINE_START = new Set([
  ..."、。，．・：；？！!?)）]】」』〉》〕ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻,.:;%",
]);
const NO_LINE_END = new Set([..."(（[【「『〈《〔“‘"]);
const ELLIPSIS = "…";

export interface WrappedText {
  lines: string[];
  width: number;
}

/** Splits text into unbreakable pieces: Latin words with their trailing space, Japanese phrases, kinsoku glued. */
function atoms(text: string): string[] {
  const pieces: string[] = [];
  let word = "";
  let run = "";
  const flushWord = () => {
    if (word) pieces.push(word);
    word = "";
  };
  const flushRun = () => {
    if (run) pieces.push(...japanesePhrases(run));
    run = "";
  };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === " ") {
      flushRun();
      word += " ";
      flushWord();
    } else if (isFullWidth(code)) {
      flushWord();
      run += char;
    } else {
      flushRun();
      word += char;
    }
  }
  flushWord();
  flushRun();
  // Kinsoku: glue a no-start piece to the one before, a no-end piece to the one after.
  const glued: string[] = [];
  for (const piece of pieces) {
    const previous = glued[glued.length - 1];
    if (previous !== undefined && (NO_LINE_START.has([...piece][0]!) || NO_LINE_END.has([...previous].at(-1)!)))
      glued[glued.length - 1] = previous + piece;
    else glued.push(piece);
  }
  return glued;
}

/** Cuts a piece wider than the line into chunks that fit, letter by letter. */
function cutByCharacters(piece: string, maxWidth: number, fontSize: number, bold: boolean): string[] {
  const chunks: string[] = [];
  let chunk = "";
  for (const char of piece) {
    if (chunk && measureText(chunk + char, fontSize, bold) > maxWidth) {
      chunks.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

function withEllipsis(line: string, maxWidth: number, fontSize: number, bold: boolean): string {
  let chars = [...line.trimEnd()];
  while (chars.length > 0 && measureText(chars.join("") + ELLIPSIS, fontSize, bold) > maxWidth)
    chars = chars.slice(0, -1);
  return chars.join("").trimEnd() + ELLIPSIS;
}

/** The text broken into lines no wider than `maxWidth` pixels, at most `maxLines` of them. */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  options: { bold?: boolean; maxLines?: number } = {},
): WrappedText {
  const bold = options.bold ?? false;
  const maxLines = options.maxLines ?? 6;
  const lines: string[] = [];
  let current = "";
  for (const atom of atoms(text.trim())) {
    if (measureText((current + atom).trimEnd(), fontSize, bold) <= maxWidth) {
      current += atom;
      continue;
    }
    if (current.trim()) lines.push(current.trimEnd());
    current = "";
    if (measureText(atom.trimEnd(), fontSize, bold) <= maxWidth) current = atom;
    else {
      const chunks = cutByCharacters(atom.trimEnd(), maxWidth, fontSize, bold);
      lines.push(...chunks.slice(0, -1));
      current = chunks[chunks.length - 1] ?? "";
    }
    if (lines.length > maxLines) break;
  }
  if (current.trim()) lines.push(current.trimEnd());
  let kept = lines.length ? lines : [""];
  if (kept.length > maxLines) {
    kept = kept.slice(0, maxLines);
    kept[maxLines - 1] = withEllipsis(kept[maxLines - 1]!, maxWidth, fontSize, bold);
  }
  return { lines: kept, width: Math.max(...kept.map((line) => measureText(line, fontSize, bold))) };
}
