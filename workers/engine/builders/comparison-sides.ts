/**
 * Pros and cons said outright: "Remote work pros: no commute, flexible hours …", "The cons: …",
 * "メリットは、通勤がないこと、…です", "デメリットは…". Each marker opens its side; the list after
 * it gives one cell per item, and a sentence with no marker of its own continues the side before.
 */
import type { AnalyzedSentence } from "../analysis/types";
import type { Language } from "../schema";
import { sentenceLabel } from "./labels";

export interface SideItem {
  side: 0 | 1;
  label: string;
  sentence: number;
}

const MARKERS = {
  en: [
    /\b(?:pros|advantages|benefits|upsides|plus sides|good points|strengths)\b/i,
    /\b(?:cons|disadvantages|drawbacks|downsides|minuses|bad points|weaknesses)\b/i,
  ],
  ja: [/(?<!デ)メリット|長所|良い点|いい点|利点/, /デメリット|短所|悪い点|欠点|難点/],
} as const;
export const SIDE_NAMES = { en: ["Pros", "Cons"], ja: ["メリット", "デメリット"] } as const;

/** Whether the talk names both sides outright. */
export function hasSides(sentences: AnalyzedSentence[], language: Language): boolean {
  const [pro, con] = MARKERS[language];
  // "メリットとデメリット" in one framing sentence names both; a side needs a sentence of its own.
  const own = (marker: RegExp, other: RegExp) => sentences.some((s) => marker.test(s.text) && !other.test(s.text));
  return own(pro, con) && own(con, pro);
}

/** The pieces of what follows a marker: "no commute, flexible hours and fewer interruptions". */
function pieces(rest: string, language: Language): string[] {
  if (language === "ja") {
    const body = rest.replace(/^[はがも]?[、:：\s]*/, "").replace(/(?:です|でしょう|があります|がある)?[。!！]*$/, "");
    return body
      .split("、")
      .map((p) => p.replace(/(?:こと|点|ところ)$/, "").trim())
      .filter((p) => p.length >= 2);
  }
  const body = rest.replace(/^(?:are|is|include|:)?[:\s,]*/i, "").replace(/[.!?]+$/, "");
  const parts = body.split(/\s*[,;]\s*/).map((p) => p.replace(/^(?:and|or|also|plus|then)\s+/i, "").trim());
  // "flexible hours and fewer interruptions" is two items; "work and home life blur" is one.
  const last = parts.pop() ?? "";
  const halves = last.split(/\s+and\s+/);
  const split = halves.length === 2 && halves.every((h) => h.split(/\s+/).length >= 2);
  return [...parts, ...(split ? halves : [last])].filter((p) => p.length >= 3);
}

/** Every item said for either side, in order. */
export function sideItems(sentences: AnalyzedSentence[], language: Language): SideItem[] {
  const items: SideItem[] = [];
  let side: 0 | 1 | undefined;
  for (const sentence of sentences) {
    const hits = MARKERS[language]
      .map((m, i) => ({ i: i as 0 | 1, at: m.exec(sentence.text) }))
      .filter((h) => h.at)
      .sort((a, b) => a.at!.index - b.at!.index);
    if (hits.length === 0) {
      if (side !== undefined)
        items.push({ side, label: sentenceLabel(sentence.text, language), sentence: sentence.index });
      continue;
    }
    hits.forEach((hit, k) => {
      const from = hit.at!.index + hit.at![0].length;
      const to = hits[k + 1]?.at?.index ?? sentence.text.length;
      side = hit.i;
      for (const piece of pieces(sentence.text.slice(from, to), language))
        items.push({ side, label: sentenceLabel(piece, language), sentence: sentence.index });
    });
  }
  return items;
}
