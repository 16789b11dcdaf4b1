/**
 * Matrix: a grid with headers. A SWOT analysis fills its four fixed boxes; a talk that names two
 * axes becomes a 2×2 with high and low on each; anything else becomes a two-column table of
 * "what" and "what about it". Header nodes sit in row 0 or column 0, items in the cells.
 */
import type { AnalyzedSentence } from "../analysis/types";
import type { DiagramData, Language } from "../schema";
import { type BuildContext, foldUnkept } from "./context";
import { DiagramDraft } from "./draft";
import { capitalize, sentenceLabel, shorten } from "./labels";
import { axisParts, axisStem, findAxes, type Level, levelOn } from "./matrix-axes";

const SWOT = {
  en: {
    quadrants: [/strength/i, /weakness/i, /opportunit/i, /threat/i],
    names: ["Strengths", "Weaknesses", "Opportunities", "Threats"],
    rows: ["Internal", "External"],
    columns: ["Helpful", "Harmful"],
  },
  ja: {
    quadrants: [/強み/, /弱み/, /機会/, /脅威/],
    names: ["強み", "弱み", "機会", "脅威"],
    rows: ["内部環境", "外部環境"],
    columns: ["プラス要因", "マイナス要因"],
  },
} as const;
// Adjective-like axis words get "Not …"; nouns in -ity (quality, priority) get "High/Low …".
const ADJECTIVE_ENDINGS = /(?:ent|ant|ive|ous|al|ful|able|ible|ic|ly|(?<!it)y|ed|ing)$/;

function addHeaders(
  draft: DiagramDraft,
  rows: readonly string[],
  columns: readonly string[],
  sentences: number[],
): void {
  columns.forEach((label, i) => draft.addNode({ label, kind: "header", level: 0, row: 0, column: i + 1, sentences }));
  rows.forEach((label, i) => draft.addNode({ label, kind: "header", level: 0, row: i + 1, column: 0, sentences }));
}

function axisHeaders(axis: string, language: Language): [string, string] {
  if (language === "ja") return [`${axis}：高`, `${axis}：低`];
  const { word: verb, measure } = axisParts(axis);
  if (measure === "often") return [capitalize(`${verb} often`), capitalize(`${verb} rarely`)];
  if (measure === "much") return [capitalize(`${verb} a lot`), capitalize(`${verb} little`)];
  const word = verb.toLowerCase();
  return ADJECTIVE_ENDINGS.test(word) ? [capitalize(word), `Not ${word}`] : [`High ${word}`, `Low ${word}`];
}

function buildSwot(context: BuildContext, draft: DiagramDraft, nodeOf: Map<number, string>): void {
  const swot = SWOT[context.language];
  addHeaders(draft, swot.rows, swot.columns, []);
  for (const sentence of context.body) {
    const quadrant = swot.quadrants.findIndex((q) => q.test(sentence.text));
    if (quadrant < 0) continue;
    const rest = sentence.text.replace(/^[^、,:：]{0,24}(?:は|としては|には|[:：,、])\s*/, "");
    const label = `${swot.names[quadrant]}: ${sentenceLabel(rest, context.language)}`;
    nodeOf.set(
      sentence.index,
      draft.addNode({
        label,
        kind: "cell",
        level: 1,
        row: 1 + Math.floor(quadrant / 2),
        column: 1 + (quadrant % 2),
        sentences: [sentence.index],
      }),
    );
  }
}

function buildTwoByTwo(
  context: BuildContext,
  draft: DiagramDraft,
  axes: [string, string],
  axisSentence: AnalyzedSentence,
  nodeOf: Map<number, string>,
): void {
  const { language } = context;
  const [xStem, yStem] = axes.map((a) => axisStem(a, language)) as [string, string];
  addHeaders(draft, axisHeaders(axes[1], language), axisHeaders(axes[0], language), [axisSentence.index]);
  const slot = (level: Level) => (level === "high" ? 1 : 2);
  for (const sentence of context.body) {
    if (sentence.index === axisSentence.index || draft.nodes.length >= context.maxNodes) continue;
    const x = levelOn(sentence.text, xStem, yStem, language);
    const y = levelOn(sentence.text, yStem, xStem, language);
    if (!x && !y) continue;
    const label = sentenceLabel(sentence.text, language);
    nodeOf.set(
      sentence.index,
      draft.addNode({
        label,
        kind: "cell",
        level: 1,
        row: slot(y ?? "high"),
        column: slot(x ?? "high"),
        sentences: [sentence.index],
      }),
    );
  }
}

/** A two-column table: what each sentence is about, and what it says about it. */
function buildTable(context: BuildContext, draft: DiagramDraft, nodeOf: Map<number, string>): void {
  const { language, analysis } = context;
  let row = 1;
  for (const sentence of context.body) {
    if (draft.nodes.length + 2 > context.maxNodes) break;
    const topic = language === "ja" ? /^([^、。はがも]{1,14})(?:は|が|も)、?/.exec(sentence.text) : undefined;
    const phrase = analysis.keyPhrases.find((p) => p.key === sentence.phraseKeys[0]);
    const head = topic?.[1] ?? phrase?.text;
    if (!head) continue;
    const rest = topic ? sentence.text.slice(topic[0].length) : sentence.text;
    draft.addNode({
      label: shorten(language === "en" ? capitalize(head) : head, language, 24),
      kind: "header",
      level: 0,
      row,
      column: 0,
      sentences: [sentence.index],
    });
    nodeOf.set(
      sentence.index,
      draft.addNode({
        label: sentenceLabel(rest, language),
        kind: "cell",
        level: 1,
        row,
        column: 1,
        sentences: [sentence.index],
      }),
    );
    row++;
  }
}

/** A grid of headers and items. */
export function buildMatrix(context: BuildContext): DiagramData {
  const draft = new DiagramDraft(context.analysis);
  const nodeOf = new Map<number, string>();
  const swotHits = SWOT[context.language].quadrants.filter((q) => context.body.some((s) => q.test(s.text))).length;
  const axisSentence = context.analysis.sentences.find((s) => findAxes(s.text, context.language));
  if (swotHits >= 3) buildSwot(context, draft, nodeOf);
  else if (axisSentence)
    buildTwoByTwo(context, draft, findAxes(axisSentence.text, context.language)!, axisSentence, nodeOf);
  else buildTable(context, draft, nodeOf);
  foldUnkept(draft, context.body, nodeOf);
  // A guessed title names one stray word; the two axes say what the grid is about.
  const axes = axisSentence && findAxes(axisSentence.text, context.language);
  const guessed = context.title.source === "guessed" || context.title.source === "opening";
  const axesTitle =
    axes &&
    (context.language === "ja"
      ? `${axes[0]}と${axes[1]}`
      : capitalize(`${axisParts(axes[0]).word} and ${axisParts(axes[1]).word}`));
  return draft.finish("matrix", guessed && axesTitle && swotHits < 3 ? axesTitle : context.title.title);
}
