/** Flow: the steps said in order, one box each, joined by arrows from the first to the last. */
import type { DiagramData } from "../schema";
import { type BuildContext, foldUnkept, keepMostInformative } from "./context";
import { DiagramDraft } from "./draft";
import { sentenceLabel } from "./labels";

/** A straight sequence of steps, start to end. */
export function buildFlow(context: BuildContext): DiagramData {
  const { analysis, language, body } = context;
  const draft = new DiagramDraft(analysis);
  const steps = keepMostInformative(body, context.maxNodes, analysis);
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
