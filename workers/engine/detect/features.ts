/**
 * The evidence the type detector weighs, computed once from an analysis: how much of each cue
 * kind was said, in how many sentences, and a few structural signs (dates, questions, lists).
 */
import type { Analysis, CueKind } from "../analysis/types";
import { CUE_KINDS } from "../analysis/types";
import { splitList } from "../text/lists";
import { timesOutOfOrder } from "./chronology";

export interface Evidence {
  sentences: number;
  total: Record<CueKind, number>;
  /** Share of sentences with at least one cue of the kind weighing 0.5 or more. */
  coverage: Record<CueKind, number>;
  /** The markers heard per kind, most weighty first (for the reasons shown to people). */
  markers: Record<CueKind, string[]>;
  /** Sentences naming a year, date, clock time or weekday. */
  absoluteTimes: number;
  /** Sentences whose only time is relative ("ten years later", "三年前"). */
  relativeTimes: number;
  /** The named times run backwards, so they are passing mentions rather than a chronology. */
  timesOutOfOrder: boolean;
  /** The closing sentence comes back to what the opening steps were about (a loop closing). */
  returnsToStart: boolean;
  questions: number;
  /** Sentences that enumerate three or more short items ("A, B and C", "A、B、C"). */
  lists: number;
  /** Sentences that open with a topic and then list ideas ("For food, pizza or tacos"). */
  topicLists: number;
}

const TOPIC_OPENERS_EN = /^(?:and |so |also |okay,? )?(?:for|as for|on|about) ([^,]{2,40}),/i;
// "The first area is social media: …": an ordinal names a branch, not a step.
const COUNTED_TOPIC_EN =
  /^(?:and |so )?(?:the )?(?:first|second|third|fourth|fifth|next|last|another|other) (?:area|branch|topic|theme|idea|category|group|part)s? (?:is|are|would be) [^,:]{2,40}[,:]/i;
const TOPIC_OPENERS_JA =
  /^[^、。]{1,16}(?:なら|では|としては|には|は|だと|の案としては)、|^(?:[一二三四五六七八九十\d]+(?:つ目|番目))は[^、。]{1,12}で、/;

/** Whether the sentence starts with a topic and goes on to name several things about it. */
function isTopicList(text: string, language: "ja" | "en"): boolean {
  const head =
    language === "ja"
      ? TOPIC_OPENERS_JA.exec(text)
      : (TOPIC_OPENERS_EN.exec(text) ?? COUNTED_TOPIC_EN.exec(text) ?? /^([A-Za-z][\w -]{1,30}):\s/.exec(text));
  if (!head) return false;
  return splitList(text.slice(head[0].length), language).length >= 2;
}

const RETURN_WORDS = /\b(?:next|again|back|another|restart|over)\b|また|再び|次の|戻|もう一度/i;

/**
 * Whether the last sentence names something the first steps named, other than the talk's
 * ubiquitous subject: "… and then we go into planning the next sprint" after "Every sprint
 * begins with planning". The first sentence is skipped when it only announces the topic.
 */
function returnsToStart(analysis: Analysis): boolean {
  const sentences = analysis.sentences;
  if (sentences.length < 4) return false;
  // The talk's subject runs through it ("passport", also inside "old passport"): no loop evidence.
  const mentions = new Map<string, number>();
  for (const sentence of sentences) {
    const heads = new Set(sentence.phraseKeys.flatMap((k) => [k, k.split(" ").at(-1)!]));
    for (const head of heads) mentions.set(head, (mentions.get(head) ?? 0) + 1);
  }
  const common = new Set([...mentions].filter(([, n]) => n > sentences.length / 3).map(([k]) => k));
  const opening = new Set(
    [...sentences[1]!.phraseKeys, ...sentences[2]!.phraseKeys, ...sentences[0]!.phraseKeys].filter(
      (k) => !common.has(k),
    ),
  );
  const last = sentences[sentences.length - 1]!;
  if (!RETURN_WORDS.test(last.text)) return false;
  const middle = new Set(sentences.slice(3, -1).flatMap((s) => s.phraseKeys));
  // Named at the start, not in between, and again at the end, with a word that says "once more".
  return last.phraseKeys.some((k) => opening.has(k) && !middle.has(k));
}

/** Weighs every cue kind and structural sign in the analysis. */
export function gatherEvidence(analysis: Analysis): Evidence {
  const n = Math.max(1, analysis.sentences.length);
  const coverage = Object.fromEntries(CUE_KINDS.map((k) => [k, 0])) as Record<CueKind, number>;
  const weights = new Map<string, number>();
  let absoluteTimes = 0;
  let relativeTimes = 0;
  let lists = 0;
  let topicLists = 0;
  for (const sentence of analysis.sentences) {
    const strong = new Set(sentence.cues.filter((c) => c.weight >= 0.5).map((c) => c.kind));
    for (const kind of strong) coverage[kind] += 1 / n;
    for (const cue of sentence.cues)
      weights.set(`${cue.kind}\u0000${cue.marker}`, (weights.get(`${cue.kind}\u0000${cue.marker}`) ?? 0) + cue.weight);
    const timeWeights = sentence.cues
      .filter((c) => c.kind === "time" && sentence.times.includes(c.marker))
      .map((c) => c.weight);
    if (timeWeights.some((w) => w >= 0.7)) absoluteTimes++;
    else if (timeWeights.length) relativeTimes++;
    if (splitList(sentence.text, analysis.language).length >= 3) lists++;
    if (isTopicList(sentence.text, analysis.language)) topicLists++;
  }
  const markers = Object.fromEntries(CUE_KINDS.map((k) => [k, [] as string[]])) as Record<CueKind, string[]>;
  const ranked = [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [key] of ranked) {
    const [kind, marker] = key.split("\u0000") as [CueKind, string];
    if (markers[kind].length < 5) markers[kind].push(marker);
  }
  return {
    sentences: analysis.sentences.length,
    total: analysis.cueTotals,
    coverage,
    markers,
    absoluteTimes,
    relativeTimes,
    timesOutOfOrder: timesOutOfOrder(analysis),
    returnsToStart: returnsToStart(analysis),
    questions: analysis.sentences.filter((s) => s.isQuestion).length,
    lists,
    topicLists,
  };
}
