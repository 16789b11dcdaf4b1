/**
 * Cycle: steps on a ring, the last leading back to the first. Stages the talk names ("the first
 * stage is evaporation", "二つ目の段階は凝結です") are the ring, in the order named, and the
 * explanation between them folds into the stage it explains; otherwise the most telling
 * sentences are. A closing sentence that only says "and it starts over" ("これを繰り返します")
 * becomes that closing arrow, not another step.
 */
import type { AnalyzedSentence } from "../analysis/types";
import type { DiagramData } from "../schema";
import { type BuildContext, foldUnkept, keepMostInformative } from "./context";
import { DiagramDraft } from "./draft";
import { sentenceLabel } from "./labels";

// More steps than this stop reading as a ring.
const MAX_RING_STEPS = 10;
const SHORT_CLOSING = { ja: 14, en: 40 } as const;
// Fewer named stages than this are examples, not the ring.
const MIN_NAMED_STAGES = 3;
const STAGE_EN =
  /^(?:(?:and|so|then|now)[,\s]+)?(?:the\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|next|last|final)\s+(?:stage|step|phase)|(?:stage|step|phase)\s+(?:one|two|three|four|five|six|\d+))\s+(?:is|is called|comes?)\b/i;
const STAGE_JA =
  /^(?:(?:そして|次に|最後に)、?)?(?:[一二三四五六七八九十\d]+(?:つ目|番目)|第[一二三四五六七八九十\d]+|最初|最後|次)の(?:段階|ステップ|工程|フェーズ|過程)は/;

/** Sentences that name a stage outright, when the talk names enough of them to be its ring. */
function namedStages(body: AnalyzedSentence[], language: "ja" | "en"): AnalyzedSentence[] {
  const stages = body.filter((s) => (language === "ja" ? STAGE_JA : STAGE_EN).test(s.text));
  return stages.length >= MIN_NAMED_STAGES ? stages : [];
}

/** "And then it starts over": says the ring closes, adds no step of its own. */
function isClosingRemark(sentence: AnalyzedSentence, language: "ja" | "en"): boolean {
  const strongCycle = sentence.cues.some((c) => c.kind === "cycle" && c.weight >= 0.6);
  return strongCycle && sentence.text.length <= SHORT_CLOSING[language];
}

/** Steps in a ring with the closing edge marked "cycle". */
export function buildCycle(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  let body = context.body;
  const last = body[body.length - 1];
  const closing = body.length > 3 && last && isClosingRemark(last, language) ? last : undefined;
  if (closing) body = body.slice(0, -1);
  const named = namedStages(body, language);
  const steps = named.length
    ? named.slice(0, Math.min(context.maxNodes, MAX_RING_STEPS))
    : keepMostInformative(body, Math.min(context.maxNodes, MAX_RING_STEPS), analysis);
  const nodeOf = new Map<number, string>();
  const ids = steps.map((sentence, i) => {
    const id = draft.addNode({
      label: sentenceLabel(sentence.text, language, "step"),
      kind: "process",
      level: i,
      sentences: [sentence.index],
    });
    nodeOf.set(sentence.index, id);
    return id;
  });
  ids.forEach((id, i) => {
    if (i > 0) draft.addEdge(ids[i - 1]!, id, "sequence");
  });
  if (ids.length >= 2) draft.addEdge(ids[ids.length - 1]!, ids[0]!, "cycle");
  foldUnkept(draft, closing ? [...body, closing] : body, nodeOf);
  return draft.finish("cycle", context.title.title);
}
