/** Flow: the steps said in order, one box each, joined by arrows from the first to the last. */
import type { DiagramData } from "../schema";
import { type BuildContext, foldUnkept, keepMostInformative } from "./context";
import { DiagramDraft } from "./draft";
import { sentenceLabel } from "./labels";

// "The process has five steps", "手順は三つあります": the talk counting its steps is no step.
const COUNTS_STEPS =
  /\b(?:has|have|is|are|takes|involves|consists of|there are)\s+(?:\w+\s+){0,2}(?:steps|stages|phases)\b|(?:手順|ステップ|段階)は?(?:全部で)?[一二三四五六七八九十\d]+つ|[一二三四五六七八九十\d]+つの(?:手順|ステップ|段階)/i;
// After "Finally, …" the talk sums up ("The whole process takes about three days"): no more steps.
const LAST_STEP = /^(?:finally|lastly|and finally|最後に)\b/i;

/** The sentences that are steps: not the counting of them, nothing after the one said to be last. */
function stepSentences(body: BuildContext["body"]): BuildContext["body"] {
  const last = body.findIndex((s) => LAST_STEP.test(s.text));
  const steps = (last >= 0 ? body.slice(0, last + 1) : body).filter((s) => !COUNTS_STEPS.test(s.text));
  // A talk of nothing but such sentences is still drawn from what it said.
  return steps.length >= 2 ? steps : body;
}

/** A straight sequence of steps, start to end. */
export function buildFlow(context: BuildContext): DiagramData {
  const { analysis, language, body } = context;
  const draft = new DiagramDraft(analysis);
  const steps = keepMostInformative(stepSentences(body), context.maxNodes, analysis);
  const nodeOf = new Map<number, string>();
  let previous: string | undefined;
  steps.forEach((sentence, i) => {
    const kind = steps.length === 1 ? "process" : i === 0 ? "start" : i === steps.length - 1 ? "end" : "process";
    const id = draft.addNode({
      label: sentenceLabel(sentence.text, language, "step"),
      kind,
      level: i,
      sentences: [sentence.index],
    });
    nodeOf.set(sentence.index, id);
    if (previous) draft.addEdge(previous, id, "sequence");
    previous = id;
  });
  foldUnkept(draft, body, nodeOf);
  return draft.finish("flow", context.title.title);
}
