/** General: key points as cards in a grid, read left to right, top to bottom. */
import type { DiagramData } from "../schema";
import { sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";

const GAP = 20;

function columnCount(n: number): number {
  if (n <= 3) return n;
  if (n === 4) return 2;
  return n <= 9 ? 3 : 4;
}

export function cardsLayout(data: DiagramData): Placed {
  const boxes = data.nodes.map((n) => sizeNode(n, 200));
  const columns = columnCount(data.nodes.length);
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...boxes.filter((_, i) => i % columns === c).map((b) => b.width)),
  );
  const rows = Math.ceil(data.nodes.length / columns);
  const heights = Array.from({ length: rows }, (_, r) =>
    Math.max(...boxes.slice(r * columns, r * columns + columns).map((b) => b.height)),
  );
  const nodes = data.nodes.map((node, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const x = widths.slice(0, c).reduce((s, w) => s + w + GAP, 0) + (widths[c]! - boxes[i]!.width) / 2;
    const y = heights.slice(0, r).reduce((s, h) => s + h + GAP, 0) + (heights[r]! - boxes[i]!.height) / 2;
    return placeNode(node, boxes[i]!, x, y);
  });
  return {
    nodes,
    edges: [],
    decorations: [],
    width: widths.reduce((s, w) => s + w, 0) + GAP * (columns - 1),
    height: heights.reduce((s, h) => s + h, 0) + GAP * (rows - 1),
  };
}
