/**
 * Mind map: the theme in the middle, one branch per topic the speaker raised ("For food, …",
 * "食べ物なら、…"), and the ideas under it as leaves. A sentence with no topic of its own becomes
 * a branch named by what it says.
 */
import type { DiagramData } from "../schema";
import { type BuildContext, foldUnkept } from "./context";
import { DiagramDraft } from "./draft";
import { capitalize, sentenceLabel, shorten } from "./labels";
import { findReferent } from "./node-match";
import { centralTheme, mindmapStatement } from "./statements";

const MAX_LEAVES_PER_BRANCH = 6;
// "I see four areas", "大きく四つの分野があります": says how many branches follow, is none of them.
const EN_COUNT_ONLY =
  /^(?:(?:so|and|okay)[,\s]+)?(?:i see|there are|we have|i have|i'd say there are|let's look at)?\s*(?:two|three|four|five|six|several|a few|\d+) (?:main )?(?:areas|branches|topics|themes|ideas|parts|groups|categories|pillars)\b[^,]{0,20}[.!]?$/i;
const JA_COUNT_ONLY =
  /^(?:大きく|主に)?[二三四五六七八九十\d]+つの(?:分野|テーマ|柱|領域|グループ|カテゴリー?|方向性|軸)(?:が|に)(?:あります|分かれます|なります)[。]?$/;

/** The theme at the hub, topics as branches, ideas as leaves. */
export function buildMindmap(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  const themeSentence = context.body.find((s) => centralTheme(s.text, language));
  const theme =
    context.title.introIndex === undefined && themeSentence
      ? centralTheme(themeSentence.text, language)!
      : context.title.title;
  const rootSentences = [
    context.title.introIndex,
    theme !== context.title.title ? themeSentence?.index : undefined,
  ].filter((i): i is number => i !== undefined);
  const rootId = draft.addNode({ label: shorten(theme, language), kind: "root", level: 0, sentences: rootSentences });
  const nodeOfSentence = new Map<number, string>();
  const short = (text: string) =>
    shorten(language === "en" ? capitalize(text) : text, language, language === "ja" ? 20 : 40);
  const budget = () => draft.nodes.length < context.maxNodes;

  for (const sentence of context.body) {
    if (
      rootSentences.includes(sentence.index) ||
      !budget() ||
      (language === "ja" ? JA_COUNT_ONLY : EN_COUNT_ONLY).test(sentence.text)
    )
      continue;
    const statement = mindmapStatement(sentence.text, language);
    const branches = draft.nodes.filter((n) => n.kind === "branch");
    const known = statement.head ? findReferent(statement.head, branches, language) : undefined;
    let branchId = known?.id;
    if (!branchId) {
      const name = statement.head ?? (statement.items.length ? undefined : sentenceLabel(sentence.text, language));
      const firstPhrase = analysis.keyPhrases.find((p) => p.key === sentence.phraseKeys[0])?.text;
      const label = name ? short(name) : short(firstPhrase ?? sentenceLabel(sentence.text, language));
      branchId = draft.addNode({ label, kind: "branch", level: 1, sentences: [sentence.index] });
      draft.addEdge(rootId, branchId, "branch");
    } else draft.attachSentence(branchId, sentence.index);
    nodeOfSentence.set(sentence.index, branchId);
    const branchLabel = draft.nodes.find((n) => n.id === branchId)!.label;
    const restLabel = statement.rest ? sentenceLabel(statement.rest, language) : "";
    // A leaf must say something: not the branch's own name again, not a bare "です".
    const leaves = (
      statement.items.length ? statement.items : restLabel.length >= (language === "ja" ? 2 : 3) ? [restLabel] : []
    ).filter(
      (leaf) =>
        short(leaf).toLowerCase() !== branchLabel.toLowerCase() && !/^(?:です|だ|ですね|ですよね|かな)$/.test(leaf),
    );
    for (const leaf of leaves.slice(0, MAX_LEAVES_PER_BRANCH)) {
      if (!budget()) break;
      const id = draft.addNode({ label: short(leaf), kind: "leaf", level: 2, sentences: [sentence.index] });
      draft.addEdge(branchId, id, "branch");
    }
  }
  foldUnkept(draft, context.body, nodeOfSentence);
  return draft.finish("mindmap", context.title.title);
}
