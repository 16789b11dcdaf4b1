/**
 * Tree: a root (the subject of the talk) and what it is made of, level by level. Each
 * statement "X includes A, B and C" hangs A, B and C under the node X refers to; a list with no
 * head hangs under the root; a head nobody mentioned before becomes a new child of the root.
 */
import type { DiagramData, DiagramNode } from "../schema";
import { type BuildContext, foldUnkept } from "./context";
import { DiagramDraft } from "./draft";
import { capitalize, sentenceLabel, shorten } from "./labels";
import { findReferent } from "./node-match";
import { treeStatement } from "./statements";

/** A hierarchy from the root down, built from head-and-items statements. */
export function buildTree(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  const intro = context.title.introIndex;
  const rootId = draft.addNode({
    label: context.title.title,
    kind: "root",
    level: 0,
    sentences: intro === undefined ? [] : [intro],
  });
  const nodeOfSentence = new Map<number, string>();
  const label = (text: string) =>
    shorten(language === "en" ? capitalize(text) : text, language, language === "ja" ? 20 : 40);
  const children = (): DiagramNode[] => draft.nodes.filter((n) => n.id !== rootId);
  const budget = () => draft.nodes.length < context.maxNodes;

  for (const sentence of context.body) {
    const statement = treeStatement(sentence.text, language);
    if (statement.items.length === 0) continue;
    let parent = draft.nodes[0]!;
    if (statement.head) {
      const known = findReferent(statement.head, children(), language);
      if (known) parent = known;
      else if (budget()) {
        const id = draft.addNode({
          label: label(statement.head),
          kind: "branch",
          level: 1,
          sentences: [sentence.index],
        });
        draft.addEdge(rootId, id, "hierarchy");
        parent = draft.nodes.find((n) => n.id === id)!;
      }
    }
    nodeOfSentence.set(sentence.index, parent.id);
    draft.attachSentence(parent.id, sentence.index);
    for (const item of statement.items) {
      if (!budget()) break;
      const existing = findReferent(item, children(), language);
      // An item already drawn elsewhere (a list repeated) is not drawn twice.
      if (existing && existing.id !== parent.id) {
        draft.attachSentence(existing.id, sentence.index);
        continue;
      }
      const id = draft.addNode({
        label: label(item),
        kind: "leaf",
        level: parent.level + 1,
        sentences: [sentence.index],
      });
      draft.addEdge(parent.id, id, "hierarchy");
    }
  }
  // Nothing hierarchical was said: the root's children are the talk's points.
  if (draft.nodes.length === 1) {
    for (const sentence of context.body.slice(0, context.maxNodes - 1)) {
      const id = draft.addNode({
        label: sentenceLabel(sentence.text, language),
        kind: "leaf",
        level: 1,
        sentences: [sentence.index],
      });
      draft.addEdge(rootId, id, "hierarchy");
      nodeOfSentence.set(sentence.index, id);
    }
  }
  // Leaves that got children are branches.
  const parents = new Set(draft.edges.map((e) => e.from));
  for (const node of draft.nodes) if (node.kind === "leaf" && parents.has(node.id)) node.kind = "branch";
  foldUnkept(draft, context.body, nodeOfSentence);
  return draft.finish("tree", context.title.title);
}
