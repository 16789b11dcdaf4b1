/**
 * The size and shape of each node, from its kind and its wrapped label. The label box is the
 * largest upright rectangle the label may use inside the shape (all of a rectangle; the
 * inscribed rectangle of a diamond or an ellipse), and the shape grows around it.
 */
import type { DiagramNode, NodeKind } from "../schema";
import type { NodeShape, Rect, TextBlock } from "./types";
import { wrapText } from "./wrap";

export const NODE_FONT = 14;
export const LINE_HEIGHT = 1.4;
const PAD_X = 14;
const PAD_Y = 10;
const MIN_WIDTH = 64;

const SHAPE: Record<NodeKind, NodeShape> = {
  start: "stadium",
  end: "stadium",
  process: "rounded",
  decision: "diamond",
  event: "rounded",
  concept: "rounded",
  entity: "ellipse",
  group: "rect",
  root: "rounded",
  branch: "rounded",
  leaf: "rounded",
  header: "header",
  cell: "rect",
  card: "rounded",
};

// Text widths per kind: decisions narrower because the diamond around them grows faster.
const TEXT_WIDTH: Partial<Record<NodeKind, number>> = { decision: 150, header: 170, root: 200, leaf: 170, entity: 150 };
const DEFAULT_TEXT_WIDTH = 190;

export interface NodeBox {
  width: number;
  height: number;
  shape: NodeShape;
  label: Omit<TextBlock, "x" | "y">;
  /** The label box relative to the node's top-left corner. */
  labelBox: Rect;
}

const up = (n: number) => Math.ceil(n);

/** Sizes a node; `textWidth` overrides the kind's line width (grid layouts align columns with it). */
export function sizeNode(node: DiagramNode, textWidth?: number): NodeBox {
  const bold = node.kind === "root" || node.kind === "header";
  const maxWidth = textWidth ?? TEXT_WIDTH[node.kind] ?? DEFAULT_TEXT_WIDTH;
  const wrapped = wrapText(node.label, maxWidth, NODE_FONT, { bold, maxLines: node.kind === "decision" ? 4 : 6 });
  const lineHeight = NODE_FONT * LINE_HEIGHT;
  const label = {
    lines: wrapped.lines,
    fontSize: NODE_FONT,
    lineHeight,
    bold,
    width: wrapped.width,
    anchor: "middle" as const,
  };
  const textW = up(Math.max(wrapped.width, 1));
  const textH = up(wrapped.lines.length * lineHeight);
  const shape = SHAPE[node.kind];
  if (shape === "diamond") {
    // A w×h rectangle fits in a diamond of W×H when w/W + h/H ≤ 1; W = w(1+t), H = h(1+1/t).
    const w = textW + 8;
    const h = textH + 4;
    const t = Math.min(1, Math.max(0.5, Math.sqrt(h / w) * 1.4));
    const width = up(Math.max(MIN_WIDTH * 1.5, w * (1 + t)) + 2);
    const height = up(h * (1 + 1 / t) + 2);
    return { width, height, shape, label, labelBox: { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h } };
  }
  if (shape === "ellipse") {
    // The inscribed rectangle of an ellipse with semi-axes a, b has corners at (a/√2, b/√2).
    const w = textW + 8;
    const h = textH + 4;
    const width = up(Math.max(MIN_WIDTH, w * Math.SQRT2) + 2);
    const height = up(h * Math.SQRT2 + 2);
    return { width, height, shape, label, labelBox: { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h } };
  }
  const height = textH + 2 * PAD_Y;
  // A stadium's rounded ends take half its height on each side.
  const sidePad = shape === "stadium" ? Math.max(PAD_X, height / 2) : PAD_X;
  const width = up(Math.max(MIN_WIDTH, textW + 2 * sidePad));
  return { width, height, shape, label, labelBox: { x: (width - textW) / 2, y: PAD_Y, width: textW, height: textH } };
}
