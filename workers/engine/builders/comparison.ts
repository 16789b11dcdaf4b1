/**
 * Comparison: one column per thing compared, headed by its name, with what was said about it
 * below. Sentences are cut at contrast words ("whereas", "一方", "が、") so each half lands in
 * the column of the thing it talks about.
 */
import type { AnalyzedSentence } from "../analysis/types";
import type { DiagramData, Language } from "../schema";
import { hasSides, SIDE_NAMES, sideItems } from "./comparison-sides";
import { comparisonSubjects } from "./comparison-subjects";
import { type BuildContext, foldUnkept } from "./context";
import { DiagramDraft } from "./draft";
import { capitalize, sentenceLabel, shorten, titleLabel } from "./labels";

const EN_CONTRAST = /,?\s+(?:whereas|while|but|on the other hand,?|compared to|unlike)\s+|;\s*/i;
// A contrast after ます/です keeps the verb ("場所を取りますが、" → "場所を取ります" | …).
const JA_CONTRAST =
  /(?<=ます|です|ました|でした)(?:が|けど|けれど)、|(?:けど|けれど|けれども)、|(?:一方で?|のに対して|に対して)、?/;
const MAX_ROWS = 6;
// Talk about the comparison itself, not about one side: never a cell.
const EN_FILLER =
  /^(?:(?:so|and|okay|well)[,\s]+)?(?:both\b|neither\b|let(?:'s| us| me) compare|in summary|to sum up|to summarise|to summarize|overall|all in all|both (?:options|of them|have|come)|they both|either way|which (?:one )?is better|it depends)\b/i;
const JA_FILLER = /^(?:まとめると|比べてみ|どちらにも|どちらも|両方とも|結局|要するに)/;

/** The word that identifies a subject in running text: "rent" finds "Renting", "大手" finds "大手キャリア". */
function subjectKey(subject: string, language: Language): string {
  if (language === "ja") {
    const run = /[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]{2,}/.exec(subject)?.[0];
    return run ?? subject;
  }
  const word = subject.split(/\s+/)[0]!.toLowerCase();
  return word.length > 4 && word.endsWith("e") ? word.slice(0, -1) : word;
}

/** Where a key first occurs outside any occurrence of a longer key ("車" inside "電車" does not count). */
function ownOccurrence(clause: string, key: string, keys: string[]): number {
  const longer = keys.filter((k) => k.length > key.length && k.includes(key));
  for (let at = clause.indexOf(key); at >= 0; at = clause.indexOf(key, at + 1)) {
    const inside = longer.some((k) => {
      const offset = k.indexOf(key);
      return clause.startsWith(k, at - offset);
    });
    if (!inside) return at;
  }
  return -1;
}

function mentionOf(clause: string, keys: string[], language: Language): number {
  if (language === "ja") {
    // The subject of a Japanese clause is marked by は/が/も; prefer that over a passing mention.
    const found = keys
      .map((key, i) => ({ i, at: ownOccurrence(clause, key, keys), key }))
      .filter((x) => x.at >= 0)
      .map((x) => ({ ...x, marked: /^[はがも]/.test(clause.slice(x.at + x.key.length)) }))
      .sort((a, b) => Number(b.marked) - Number(a.marked) || a.at - b.at);
    return found[0]?.i ?? -1;
  }
  const words = clause.toLowerCase().match(/[a-z0-9'-]+/g) ?? [];
  let best = -1;
  let bestAt = Infinity;
  keys.forEach((key, i) => {
    const at = words.findIndex((w) => w.startsWith(key));
    // A subject followed by a verb ("cats are") is the one the clause is about.
    const subjectLike =
      at >= 0 && /^(?:is|are|was|has|have|costs?|takes?|uses?|compiles|needs?)$/.test(words[at + 1] ?? "");
    const score = at < 0 ? Infinity : subjectLike ? at - 100 : at;
    if (score < bestAt) [best, bestAt] = [i, score];
  });
  return best;
}

/** A clause's words minus the subject's name at its start ("Renting is flexible" → "Flexible"). */
function attribute(clause: string, subject: string, language: Language): string {
  if (language === "ja") {
    const at = clause.indexOf(subject);
    const marked = at >= 0 && at <= 4 && /^[はがも]/.test(clause.slice(at + subject.length));
    const rest = marked ? clause.slice(at + subject.length).replace(/^[はがも]、?/, "") : clause;
    return sentenceLabel(rest || clause, language);
  }
  // The whole name goes ("The Lumo X has …" → "Has …"), also after a lead-in ("On price, the Aero …").
  const name = subject
    .split(/\s+/)
    .map((w, i) => (i === 0 ? `${w.replace(/[^\w-]/g, "")}\\w*` : w.replace(/[^\w-]/g, "")))
    .join("\\s+");
  const pattern = new RegExp(
    `^(?:(?:and|but|so|also|however|on the other hand)[,\\s]+)?(?:the\\s+|a\\s+|an\\s+)?${name}(?:'s)?\\s+(?:is|are|was|were)?\\s*`,
    "i",
  );
  const rest = clause.replace(pattern, "");
  return capitalize(sentenceLabel(rest.length >= 3 ? rest : clause, language));
}

/** Clauses of a sentence, cut at contrast words and, in Japanese, before "、Yは" parallels. */
function clausesOf(sentence: AnalyzedSentence, language: Language, keys: string[]): string[] {
  const pieces = sentence.text.split(language === "ja" ? JA_CONTRAST : EN_CONTRAST);
  if (language === "en") return pieces.map((c) => c.trim()).filter((c) => c.length > 1);
  const parallel = pieces.flatMap((piece) => {
    const parts: string[] = [];
    for (const part of piece.split("、")) {
      const startsSubject = keys.some((k) => part.startsWith(k) && /^[はがも]/.test(part.slice(k.length)));
      if (startsSubject || parts.length === 0) parts.push(part);
      else parts[parts.length - 1] += `、${part}`;
    }
    return parts;
  });
  return parallel.map((c) => c.trim()).filter((c) => c.length > 1);
}

/** What is left of a clause once the subject's name is taken out; too little means it only names it. */
function saysSomething(clause: string, key: string, language: Language): boolean {
  // "ただ", "費用で比べると", "食べ物も": a lead-in to what follows, not a statement of its own.
  if (
    language === "ja" &&
    (/^(?:ただ|でも|また|あと|それと|さらに|一方)$/.test(clause.trim()) || /(?:と|も|は|ば)$/.test(clause.trim()))
  )
    return false;
  const rest = clause
    .toLowerCase()
    .replace(key.toLowerCase(), "")
    .replace(/[\s,、。.はがも]+/g, " ")
    .trim();
  return language === "ja"
    ? rest.length >= 2
    : rest.split(" ").filter((w) => w.length > 2).length >= 1 && rest.length >= 6;
}

/** Two columns, pros and cons, when the talk names them; one cell per item said. */
function buildSides(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  const headers = SIDE_NAMES[language].map((label, column) =>
    draft.addNode({ label, kind: "header", level: 0, row: 0, column, sentences: [] }),
  );
  const columns: string[][] = [[], []];
  const nodeOfSentence = new Map<number, string>();
  for (const item of sideItems(context.body, language)) {
    if (columns[item.side]!.length >= MAX_ROWS || draft.nodes.length >= context.maxNodes) continue;
    const id = draft.addNode({
      label: item.label,
      kind: "cell",
      level: 1,
      row: columns[item.side]!.length + 1,
      column: item.side,
      sentences: [item.sentence],
    });
    columns[item.side]!.push(id);
    if (!nodeOfSentence.has(item.sentence)) nodeOfSentence.set(item.sentence, id);
  }
  headers.forEach((id, column) => draft.addGroup(SIDE_NAMES[language][column]!, [id, ...columns[column]!]));
  foldUnkept(draft, context.body, nodeOfSentence);
  return draft.finish("comparison", context.title.title);
}

/** Columns of attributes, one per subject; pros and cons when the talk names them. */
export function buildComparison(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  if (hasSides(context.body, language)) return buildSides(context);
  const draft = new DiagramDraft(analysis);
  // The sentence that names what is compared is often the framing one, left out of the body.
  const { subjects, namedIn } = comparisonSubjects(analysis, context.body, analysis.sentences);
  const names =
    subjects.length >= 2 ? subjects : [analysis.keyPhrases[0]?.text ?? "A", analysis.keyPhrases[1]?.text ?? "B"];
  const keys = names.map((s) => subjectKey(s, language));
  const headers = names.map((name, column) =>
    draft.addNode({
      label: shorten(language === "en" ? capitalize(name) : name, language, 30),
      kind: "header",
      level: 0,
      row: 0,
      column,
      sentences: namedIn === undefined ? [] : [namedIn],
    }),
  );
  const columns: string[][] = names.map(() => []);
  const nodeOfSentence = new Map<number, string>();
  const perColumn = Math.max(1, Math.min(MAX_ROWS, Math.floor((context.maxNodes - names.length) / names.length)));
  // What a sentence without a name says is about the subject last named ("It scales up …").
  let carried = -1;
  for (const sentence of context.body) {
    if (sentence.index === namedIn || (language === "ja" ? JA_FILLER : EN_FILLER).test(sentence.text)) continue;
    // "We compared two phones, the Lumo X and the Vega 2": naming every option describes none of them.
    if (
      keys.every((k) => mentionOf(sentence.text, [k], language) === 0) &&
      keys.length >= 2 &&
      (language === "ja" ? /比べ|比較|違い|どちら/ : /\b(?:compar\w*|versus|vs|between|whether|or)\b/i).test(
        sentence.text,
      )
    )
      continue;
    for (const clause of clausesOf(sentence, language, keys)) {
      const found = mentionOf(clause, keys, language);
      const column = found >= 0 ? found : carried;
      carried = column;
      if (column < 0 || columns[column]!.length >= perColumn || !saysSomething(clause, keys[column]!, language))
        continue;
      const id = draft.addNode({
        label: attribute(clause, names[column]!, language),
        kind: "cell",
        level: 1,
        row: columns[column]!.length + 1,
        column,
        sentences: [sentence.index],
      });
      columns[column]!.push(id);
      if (!nodeOfSentence.has(sentence.index)) nodeOfSentence.set(sentence.index, id);
    }
  }
  names.forEach((_name, column) =>
    draft.addGroup(draft.nodes.find((n) => n.id === headers[column])!.label, [headers[column]!, ...columns[column]!]),
  );
  foldUnkept(draft, context.body, nodeOfSentence);
  // A guessed title says less than the names of what is compared.
  const versus = language === "ja" ? `${names.join("と")}の比較` : capitalize(names.join(" vs "));
  return draft.finish(
    "comparison",
    context.title.source === "guessed" || context.title.source === "opening"
      ? titleLabel(versus, language)
      : context.title.title,
  );
}
