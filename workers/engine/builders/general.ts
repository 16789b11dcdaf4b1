/** General: the talk's key points as cards, for talks with no stronger structure. */
import type { DiagramData } from "../schema";
import { type BuildContext, foldUnkept, keepMostInformative } from "./context";
import { DiagramDraft } from "./draft";
import { sentenceLabel } from "./labels";

// A wall of cards stops being glanceable; the rest of the talk folds into the nearest card.
const MAX_CARDS = 12;

/** One card per key point, in spoken order. */
export function buildGeneral(context: BuildContext): DiagramData {
  const { analysis, language, body } = context;
  const draft = new DiagramDraft(analysis);
  const points = keepMostInformative(body, Math.min(context.maxNodes, MAX_CARDS), analysis);
  const nodeOf = new Map<number, string>();
  points.forEach((sentence) => {
    nodeOf.set(
      sentence.index,
      draft.addNode({
        label: sentenceLabel(sentence.text, language),
        kind: "card",
        level: 0,
        sentences: [sentence.index],
      }),
    );
  });
  foldUnkept(draft, body, nodeOf);
  // A guessed title over cards would name one card's word; say what the cards are instead.
  const title = context.title.source === "guessed" ? (language === "ja" ? "要点" : "Key points") : context.title.title;
  return draft.finish("general", title);
}
