/** Turning sized nodes into placed ones, and moving placed parts as a whole. */
import type { DiagramNode } from "../schema";
import { round } from "./geometry";
import type { NodeBox } from "./node-box";
import type { Decoration, LaidOutEdge, LaidOutNode, Point, TextBlock } from "./types";

/** A node with its box's top-left corner at (x, y). */
export function placeNode(node: DiagramNode, box: NodeBox, x: number, y: number): LaidOutNode {
  const labelBox = {
    x: round(x + box.labelBox.x),
    y: round(y + box.labelBox.y),
    width: box.labelBox.width,
    height: box.labelBox.height,
  };
  return {
    id: node.id,
    kind: node.kind,
    level: node.level,
    sceneIds: node.sceneIds,
    shape: box.shape,
    x: round(x),
    y: round(y),
    width: box.width,
    height: box.height,
    labelBox,
    label: { ...box.label, x: round(labelBox.x + labelBox.width / 2), y: round(labelBox.y + labelBox.height / 2) },
  };
}

export interface Placed {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  decorations: Decoration[];
  width: number;
  height: number;
}

const shiftPoint = (p: Point, dx: number, dy: number): Point => ({ x: round(p.x + dx), y: round(p.y + dy) });
const shiftText = <T extends TextBlock>(t: T, dx: number, dy: number): T => ({
  ...t,
  x: round(t.x + dx),
  y: round(t.y + dy),
});

/** Moves everything by (dx, dy). */
export function translate(placed: Placed, dx: number, dy: number): Placed {
  return {
    ...placed,
    nodes: placed.nodes.map((n) => ({
      ...n,
      x: round(n.x + dx),
      y: round(n.y + dy),
      labelBox: { ...n.labelBox, x: round(n.labelBox.x + dx), y: round(n.labelBox.y + dy) },
      label: shiftText(n.label, dx, dy),
    })),
    edges: placed.edges.map((e) => ({
      ...e,
      points: e.points.map((p) => shiftPoint(p, dx, dy)),
      ...(e.label
        ? {
            label: {
              ...shiftText(e.label, dx, dy),
              box: { ...e.label.box, x: round(e.label.box.x + dx), y: round(e.label.box.y + dy) },
            },
          }
        : {}),
    })),
    decorations: placed.decorations.map((d): Decoration => {
      if (d.kind === "line")
        return { ...d, x1: round(d.x1 + dx), y1: round(d.y1 + dy), x2: round(d.x2 + dx), y2: round(d.y2 + dy) };
      if (d.kind === "rect") return { ...d, x: round(d.x + dx), y: round(d.y + dy) };
      return { ...d, text: shiftText(d.text, dx, dy) };
    }),
  };
}

/** The smallest box holding every node, edge point, label and decoration. */
export function extent(placed: Omit<Placed, "width" | "height">): {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
} {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (x: number, y: number) => {
    xs.push(x);
    ys.push(y);
  };
  for (const n of placed.nodes) add(n.x, n.y), add(n.x + n.width, n.y + n.height);
  for (const e of placed.edges) {
    for (const p of e.points) add(p.x, p.y);
    if (e.label)
      add(e.label.box.x, e.label.box.y), add(e.label.box.x + e.label.box.width, e.label.box.y + e.label.box.height);
  }
  for (const d of placed.decorations) {
    if (d.kind === "line") add(d.x1, d.y1), add(d.x2, d.y2);
    else if (d.kind === "rect") add(d.x, d.y), add(d.x + d.width, d.y + d.height);
    else {
      const h = d.text.lines.length * d.text.lineHeight;
      const left =
        d.text.anchor === "middle"
          ? d.text.x - d.text.width / 2
          : d.text.anchor === "end"
            ? d.text.x - d.text.width
            : d.text.x;
      add(left, d.text.y - h / 2), add(left + d.text.width, d.text.y + h / 2);
    }
  }
  if (xs.length === 0) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}
