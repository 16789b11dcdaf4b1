/**
 * Text width without a DOM: a per-character advance table for Latin (the metrics of Noto Sans,
 * the widest face the font stack may pick) and one em for every full-width character. Boxes are
 * sized from these numbers, so a label drawn in any of the stack's fonts fits its box.
 */
import { isEmoji, isFullWidth } from "../text/scripts";

// Advance widths in thousandths of an em (Noto Sans, rounded up).
const LATIN_WIDTHS: Record<string, number> = {
  " ": 260,
  a: 561,
  b: 615,
  c: 480,
  d: 615,
  e: 564,
  f: 344,
  g: 615,
  h: 618,
  i: 258,
  j: 258,
  k: 534,
  l: 258,
  m: 937,
  n: 618,
  o: 605,
  p: 615,
  q: 615,
  r: 413,
  s: 479,
  t: 361,
  u: 618,
  v: 508,
  w: 786,
  x: 529,
  y: 510,
  z: 470,
  A: 639,
  B: 648,
  C: 631,
  D: 729,
  E: 556,
  F: 516,
  G: 728,
  H: 738,
  I: 279,
  J: 267,
  K: 614,
  L: 519,
  M: 907,
  N: 754,
  O: 779,
  P: 602,
  Q: 779,
  R: 618,
  S: 549,
  T: 553,
  U: 728,
  V: 595,
  W: 926,
  X: 577,
  Y: 560,
  Z: 571,
  ".": 268,
  ",": 250,
  ":": 268,
  ";": 268,
  "!": 268,
  "?": 429,
  "'": 177,
  '"': 368,
  "-": 322,
  "(": 296,
  ")": 296,
  "/": 372,
  "&": 705,
  "%": 846,
  "+": 572,
  "@": 899,
  "#": 646,
  "*": 550,
  _: 440,
  "=": 572,
  "<": 572,
  ">": 572,
  "[": 301,
  "]": 301,
  "{": 346,
  "}": 346,
  "|": 551,
  "~": 572,
  $: 572,
  "^": 572,
  "`": 572,
  "\\": 372,
  "…": 812,
  "–": 500,
  "—": 1000,
  "“": 377,
  "”": 377,
  "‘": 177,
  "’": 177,
  "·": 268,
  "•": 396,
  "→": 572,
  "×": 572,
};
const DIGIT_WIDTH = 572;
const OTHER_WIDTH = 650; // Cyrillic, Greek, accented letters beyond the table: an average Latin-ish advance
const BOLD_FACTOR = 1.06;

/** The advance of one character, in em. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks sit on the previous letter
  if (isEmoji(code)) return 1.2;
  if (isFullWidth(code)) return 1;
  if (code >= 0x30 && code <= 0x39) return DIGIT_WIDTH / 1000;
  return (LATIN_WIDTHS[char] ?? OTHER_WIDTH) / 1000;
}

/** The rendered width of `text` in pixels. */
export function measureText(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const char of text) em += charWidth(char);
  return Math.ceil(em * fontSize * (bold ? BOLD_FACTOR : 1) * 100) / 100;
}
