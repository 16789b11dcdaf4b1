/**
 * Finds the node a spoken name refers to: "Mammals" is the node "mammals", "the woodwind family"
 * is "Woodwinds", "コンパイル型" is "コンパイル型言語". Generic heads ("team", "family", "部") do
 * not count as a match on their own, so "platform team" never matches "data team".
 */

import { singular } from "../analysis/phrases";
import type { Language } from "../schema";

const GENERIC_HEADS = new Set([
  "team",
  "group",
  "family",
  "section",
  "type",
  "kind",
  "part",
  "department",
  "division",
  "one",
  "ones",
  "category",
  "level",
  "floor",
]);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? [])
    .filter((w) => !["the", "a", "an", "of", "and", "or", "our", "my", "their"].includes(w))
    .map((w) => singular(w.replace(/'s$/, "")).replace(/s$/, ""))
    .filter((w) => !GENERIC_HEADS.has(w));
}

/** Whether `name` refers to `label`. */
export function refersTo(name: string, label: string, language: Language): boolean {
  if (language === "ja") {
    const a = name.replace(/\s/g, "");
    const b = label.replace(/\s/g, "");
    if (a.length < 2 || b.length < 2) return a === b;
    return a === b || (a.length >= 2 && b.includes(a)) || (b.length >= 2 && a.includes(b));
  }
  const left = contentWords(name);
  const right = contentWords(label);
  if (left.length === 0 || right.length === 0) return false;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter.every((w) => longer.includes(w));
}

/** The best node among `candidates` that `name` refers to: the closest in length wins. */
export function findReferent<T extends { label: string }>(
  name: string,
  candidates: T[],
  language: Language,
): T | undefined {
  const matches = candidates.filter((c) => refersTo(name, c.label, language));
  matches.sort((a, b) => Math.abs(a.label.length - name.length) - Math.abs(b.label.length - name.length));
  return matches[0];
}
