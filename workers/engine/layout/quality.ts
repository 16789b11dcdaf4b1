/**
 * The quality report of a laid-out diagram: what a client or the video stage can act on without
 * looking at the picture — boxes that overlap, edges that cross, labels over the length budget,
 * the smallest text once the whole diagram is fitted to a 1080p frame, and nodes no scene reveals.
 */
import { MAX_EN_LABEL_WORDS, MAX_JA_LABEL } from "../limits";
import { rectsOverlap } from "./geometry";
import type { LaidOutDiagram, Point } from "./types";

export interface DiagramQuality {
  /** Pairs of node boxes that overlap (checkLayout promises none). */
  overlaps: number;
  /** Pairs of edges whose lines cross, not counting edges that share a node. */
  edgeCrossings: number;
  /** Nodes whose label is longer than the budget: 6 words in English, 14 characters in Japanese. */
  labelsOverBudget: string[];
  /** The smallest text, in pixels, when the whole diagram is fitted into 1920×1080. */
  smallestTextPx: number;
  /** Nodes that no scene reveals, so the video never shows them being said. */
  nodesWithoutScene: string[];
}

const FRAME = { width: 1920, height: 1080 };

/** Whether segments ab and cd properly cross (touching at an end does not count). */
function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const side = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

function polylinesCross(p: Point[], q: Point[]): boolean {
  for (let i = 1; i < p.length; i++)
    for (let j = 1; j < q.length; j++) if (segmentsCross(p[i - 1]!, p[i]!, q[j - 1]!, q[j]!)) return true;
  return false;
}

function overBudget(label: string, language: string): boolean {
  return language === "ja" ? [...label].length > MAX_JA_LABEL : label.split(/\s+/).length > MAX_EN_LABEL_WORDS;
}

export function diagramQuality(d: LaidOutDiagram): DiagramQuality {
  let overlaps = 0;
  for (let i = 0; i < d.nodes.length; i++)
    for (let j = i + 1; j < d.nodes.length; j++) if (rectsOverlap(d.nodes[i]!, d.nodes[j]!)) overlaps++;
  let edgeCrossings = 0;
  for (let i = 0; i < d.edges.length; i++)
    for (let j = i + 1; j < d.edges.length; j++) {
      const [a, b] = [d.edges[i]!, d.edges[j]!];
      const shared = [a.from, a.to].some((id) => id === b.from || id === b.to);
      if (!shared && polylinesCross(a.points, b.points)) edgeCrossings++;
    }
  const scale = Math.min(FRAME.width / d.width, FRAME.height / d.height);
  const sizes = [
    d.title.fontSize,
    ...d.nodes.map((n) => n.label.fontSize),
    ...d.edges.flatMap((e) => (e.label ? [e.label.fontSize] : [])),
    ...d.decorations.flatMap((x) => (x.kind === "text" ? [x.text.fontSize] : [])),
  ];
  return {
    overlaps,
    edgeCrossings,
    labelsOverBudget: d.data.nodes.filter((n) => overBudget(n.label, d.data.language)).map((n) => n.id),
    smallestTextPx: Math.round(Math.min(...sizes) * scale * 10) / 10,
    nodesWithoutScene: d.nodes.filter((n) => n.sceneIds.length === 0).map((n) => n.id),
  };
}
