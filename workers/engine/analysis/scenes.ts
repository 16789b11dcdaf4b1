/**
 * Scenes are the meaning units a video reveals one at a time: normally one sentence each.
 * A filler sentence ("Okay.", "はい。") joins the next one, and beyond MAX_SCENES neighbouring
 * sentences share a scene, so a long talk still yields a bounded number of scenes.
 */
import { MAX_SCENE_TEXT_CHARS, MAX_SCENES } from "../limits";
import type { SentenceSpan } from "../text/sentences";
import type { Scene } from "./types";

// Below this many characters a sentence says too little to be shown on its own.
const MIN_SCENE_CHARS = { ja: 6, en: 12 } as const;

/** Groups sentence indexes into scenes: short ones join their successor, then groups merge to fit MAX_SCENES. */
function groupSentences(sentences: SentenceSpan[], language: "ja" | "en"): number[][] {
  const groups: number[][] = [];
  let pending: number[] = [];
  sentences.forEach((sentence, index) => {
    pending.push(index);
    if (sentence.text.length >= MIN_SCENE_CHARS[language] || index === sentences.length - 1) {
      groups.push(pending);
      pending = [];
    }
  });
  if (pending.length) groups.push(pending);
  if (groups.length <= MAX_SCENES) return groups;
  const perScene = Math.ceil(groups.length / MAX_SCENES);
  const merged: number[][] = [];
  for (let i = 0; i < groups.length; i += perScene) merged.push(groups.slice(i, i + perScene).flat());
  return merged;
}

/** Timed scenes over the sentences; `timeAt` maps a text offset to seconds. */
export function buildScenes(
  sentences: SentenceSpan[],
  language: "ja" | "en",
  timeAt: (offset: number) => number,
): Scene[] {
  return groupSentences(sentences, language).map((indexes, i) => {
    const first = sentences[indexes[0]!]!;
    const last = sentences[indexes[indexes.length - 1]!]!;
    const start = round(timeAt(first.start));
    const end = Math.max(start, round(timeAt(last.end)));
    const text = indexes.map((k) => sentences[k]!.text).join(language === "ja" ? "" : " ");
    return { id: `s${i + 1}`, start, end, text: text.slice(0, MAX_SCENE_TEXT_CHARS), sentenceIndexes: indexes };
  });
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
