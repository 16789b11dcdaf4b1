/**
 * The checks of one talk: each returns a score in [0, 1], or undefined when the talk's type has
 * nothing of the kind. Items are matched one-to-one to nodes, best pairs first; every structural
 * check then reads the engine's structure through that matching.
 */
import { analyze } from "../../analysis/analyze";
import { buildDiagram } from "../../builders/build-diagram";
import { detectType } from "../../detect/detect-type";
import type { DiagramData, DiagramNode, Language } from "../../schema";
import type { ContentCase } from "./content-case";
import { bestSimilarity, kanjiNumeralsToDigits, MATCH_THRESHOLD, samePole, TITLE_THRESHOLD } from "./similarity";

export const CHECKS = [
  "type",
  "title",
  "items",
  "precision",
  "order",
  "hierarchy",
  "headers",
  "cells",
  "dates",
  "links",
  "labels",
  "detail",
] as const;
export type CheckName = (typeof CHECKS)[number];
export type CaseScores = Partial<Record<CheckName, number>>;

const first = (wordings: string) => wordings.split("|")[0]!;
const isItemNode = (node: DiagramNode) => node.kind !== "header";
const isContentNode = (node: DiagramNode) => node.kind !== "header" && node.kind !== "root";

/** Expected item (first wording) → the node it was matched to. */
function matchItems(c: ContentCase, nodes: DiagramNode[]): Map<string, DiagramNode> {
  const pairs: { item: number; node: number; score: number }[] = [];
  c.items.forEach((item, i) =>
    nodes.forEach((node, n) => {
      if (!isItemNode(node)) return;
      const score = bestSimilarity(item, node.label, c.language);
      if (score >= MATCH_THRESHOLD) pairs.push({ item: i, node: n, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score || a.item - b.item || a.node - b.node);
  const matched = new Map<string, DiagramNode>();
  const used = new Set<number>();
  for (const pair of pairs) {
    const key = first(c.items[pair.item]!);
    if (matched.has(key) || used.has(pair.node)) continue;
    matched.set(key, nodes[pair.node]!);
    used.add(pair.node);
  }
  return matched;
}

function share(values: boolean[]): number {
  return values.length ? values.filter(Boolean).length / values.length : 0;
}

/** Share of neighbouring matched items that keep the spoken order; a cycle may start anywhere. */
function orderScore(positions: number[], cyclic: boolean): number {
  if (positions.length < 2) return 0;
  const inOrder = (list: number[]) => share(list.slice(1).map((p, i) => p > list[i]!));
  if (!cyclic) return inOrder(positions);
  return Math.max(...positions.map((_, r) => inOrder([...positions.slice(r), ...positions.slice(0, r)])));
}

function parentOf(data: DiagramData, node: DiagramNode): DiagramNode | undefined {
  const edge = data.edges.find((e) => e.to === node.id && (e.kind === "hierarchy" || e.kind === "branch"));
  return edge && data.nodes.find((n) => n.id === edge.from);
}

/** The header texts a node sits under: its row's and column's headers and the groups holding it. */
function headersOf(data: DiagramData, node: DiagramNode): string[] {
  const headers = data.nodes.filter((h) => h.kind === "header");
  const row = headers.filter((h) => node.row !== undefined && h.row === node.row && h.column === 0).map((h) => h.label);
  const column = headers
    .filter((h) => node.column !== undefined && h.column === node.column && h.row === 0)
    .map((h) => h.label);
  const groups = data.groups.filter((g) => g.nodeIds.includes(node.id)).map((g) => g.label);
  return [...row, ...column, ...groups];
}

function normalizeDate(text: string, language: Language): string {
  const plain = language === "ja" ? kanjiNumeralsToDigits(text.normalize("NFKC")) : text.toLowerCase();
  return plain.replace(/[\s,]/g, "").replace(/(?:ごろ|頃|に|には)$/, "");
}

function hasLink(data: DiagramData, from: DiagramNode, to: DiagramNode, kind: string | undefined): boolean {
  const undirected = kind === "any" || data.type === "network";
  return data.edges.some((e) => {
    const forward = e.from === from.id && e.to === to.id;
    const backward = e.from === to.id && e.to === from.id;
    if (!forward && !(undirected && backward)) return false;
    return kind !== "yes" && kind !== "no" ? true : e.kind === kind;
  });
}

const EN_MARKER =
  /^(?:first|firstly|second|secondly|third|thirdly|fourth|fifth|sixth|next|then|finally|lastly|after that|so|and|also|okay|now)\b/i;
const JA_MARKER =
  /^(?:まず|次に|最初に|最後に|それから|そして|続いて|その後|[一二三四五六七八九十]+(?:番目|つ目)に?|第[一二三四五六七八九十]+に?)/;

/** The label floor of DESIGN §6: short, whole, and free of ordinals and discourse markers. */
export function labelProblem(label: string, language: Language): string | undefined {
  if (label.includes("…")) return "cut with …";
  if (/[.。]$/.test(label)) return "ends like a sentence";
  if ((language === "en" ? EN_MARKER : JA_MARKER).test(label)) return "starts with a discourse marker";
  if (language === "en" && label.trim().split(/\s+/).length > 6) return "over 6 words";
  if (language === "ja" && [...label.replace(/\s/g, "")].length > 14) return "over 14 characters";
  return undefined;
}

/** The diagram the checks read (built for the expected type) and the detected type. */
export function runCase(c: ContentCase): { data: DiagramData; detected: string } {
  const analysis = analyze({ text: c.text });
  return { data: buildDiagram(analysis, { type: c.type }), detected: detectType(analysis).type };
}

/** Every check that applies to the talk, scored. */
export function scoreCase(c: ContentCase, data: DiagramData, detected: string): CaseScores {
  const matched = matchItems(c, data.nodes);
  const scores: CaseScores = {};
  scores.type = detected === c.type ? 1 : 0;
  scores.title = c.title && bestSimilarity(c.title, data.title, c.language) >= TITLE_THRESHOLD ? 1 : 0;
  scores.items = share(c.items.map((item) => matched.has(first(item))));
  const content = data.nodes.filter(isContentNode);
  const matchedIds = new Set([...matched.values()].map((n) => n.id));
  scores.precision = share(content.map((n) => matchedIds.has(n.id)));
  if (c.type === "flow" || c.type === "timeline" || c.type === "cycle") {
    const positions = c.items
      .map((item) => matched.get(first(item)))
      .filter((n): n is DiagramNode => Boolean(n))
      .map((n) => data.nodes.indexOf(n));
    scores.order = orderScore(positions, c.type === "cycle");
  }
  if (c.parents) {
    scores.hierarchy = share(
      Object.entries(c.parents).map(([item, parent]) => {
        const node = matched.get(item);
        if (!node) return false;
        const actual = parentOf(data, node);
        if (parent === "") return node.kind === "root" || actual?.kind === "root";
        return actual !== undefined && actual.id === matched.get(parent)?.id;
      }),
    );
  }
  if (c.headers) {
    const headers = data.nodes.filter((n) => n.kind === "header").map((n) => n.label);
    scores.headers = share(c.headers.map((h) => headers.some((label) => samePole(h, label, c.language))));
  }
  if (c.cells) {
    scores.cells = share(
      Object.entries(c.cells).map(([item, poles]) => {
        const node = matched.get(item);
        const names = node ? headersOf(data, node) : [];
        return node !== undefined && poles.every((p) => names.some((name) => samePole(p, name, c.language)));
      }),
    );
  }
  if (c.dates) {
    scores.dates = share(
      Object.entries(c.dates).map(([item, date]) => {
        const time = matched.get(item)?.time;
        return (
          time !== undefined &&
          date.split("|").some((d) => normalizeDate(time, c.language).includes(normalizeDate(d, c.language)))
        );
      }),
    );
  }
  if (c.links) {
    scores.links = share(
      c.links.map(([from, to, kind]) => {
        const a = matched.get(from);
        const b = matched.get(to);
        return a !== undefined && b !== undefined && hasLink(data, a, b, kind);
      }),
    );
  }
  scores.labels = share(data.nodes.map((n) => labelProblem(n.label, c.language) === undefined));
  scores.detail = share(content.map((n) => typeof (n as DiagramNode & { detail?: unknown }).detail === "string"));
  return scores;
}
