/**
 * Timeline: an axis with a tick per event. Horizontally (LR), events alternate above and below
 * the axis so neighbours may overlap in x; vertically (TB), events stand to the right of the
 * axis with their times to its left. A connector joins each tick to its event.
 */
import type { DiagramData } from "../schema";
import { type NodeBox, sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";
import { measureText } from "./text-measure";
import type { Decoration, Direction, LaidOutNode, TextBlock } from "./types";

const TIME_FONT = 13;
const CONNECTOR = 30;
const GAP = 16;

function timeText(text: string, x: number, y: number, anchor: TextBlock["anchor"]): TextBlock {
  return {
    lines: [text],
    x,
    y,
    fontSize: TIME_FONT,
    lineHeight: TIME_FONT * 1.3,
    bold: true,
    width: measureText(text, TIME_FONT, true),
    anchor,
  };
}

function horizontal(data: DiagramData, boxes: NodeBox[]): Placed {
  const times = data.nodes.map((n) => n.time ?? "");
  const timeWidths = times.map((t) => (t ? measureText(t, TIME_FONT, true) : 0));
  // Spacing so that same-side neighbours (two apart) and adjacent time labels never touch.
  let step = 110;
  boxes.forEach((box, i) => {
    const sameSide = boxes[i + 2];
    if (sameSide) step = Math.max(step, (box.width + sameSide.width) / 4 + GAP / 2);
    if (boxes[i + 1])
      step = Math.max(
        step,
        (box.width + boxes[i + 1]!.width) / 4 + 4,
        timeWidths[i]! / 2 + timeWidths[i + 1]! / 2 + GAP,
      );
  });
  const above = Math.max(0, ...boxes.filter((_, i) => i % 2 === 0).map((b) => b.height));
  const below = Math.max(0, ...boxes.filter((_, i) => i % 2 === 1).map((b) => b.height));
  const left = Math.max(boxes[0]!.width / 2, timeWidths[0]! / 2) + GAP;
  const axisY = above + CONNECTOR + TIME_FONT;
  const nodes: LaidOutNode[] = [];
  const decorations: Decoration[] = [];
  data.nodes.forEach((node, i) => {
    const box = boxes[i]!;
    const x = left + i * step;
    const up = i % 2 === 0;
    const y = up ? axisY - CONNECTOR - TIME_FONT - box.height : axisY + CONNECTOR + TIME_FONT;
    nodes.push(placeNode(node, box, x - box.width / 2, y));
    decorations.push({
      kind: "line",
      role: "connector",
      x1: x,
      y1: axisY,
      x2: x,
      y2: up ? y + box.height : y,
      nodeId: node.id,
    });
    decorations.push({ kind: "line", role: "tick", x1: x, y1: axisY - 5, x2: x, y2: axisY + 5, nodeId: node.id });
    // The time sits on the axis's far side from its event, so it never meets the connector's box.
    if (times[i])
      decorations.push({
        kind: "text",
        role: "tick",
        text: timeText(times[i]!, x, up ? axisY + 8 + TIME_FONT * 0.65 : axisY - 8 - TIME_FONT * 0.65, "middle"),
        nodeId: node.id,
      });
  });
  const lastX = left + (data.nodes.length - 1) * step;
  const right = lastX + Math.max(boxes[boxes.length - 1]!.width / 2, timeWidths[timeWidths.length - 1]! / 2) + GAP;
  decorations.unshift({ kind: "line", role: "axis", x1: 0, y1: axisY, x2: right, y2: axisY, arrow: true });
  return { nodes, edges: [], decorations, width: right, height: axisY + CONNECTOR + TIME_FONT + below };
}

function vertical(data: DiagramData, boxes: NodeBox[]): Placed {
  const times = data.nodes.map((n) => n.time ?? "");
  const timeColumn = Math.max(0, ...times.map((t) => (t ? measureText(t, TIME_FONT, true) : 0)));
  const axisX = timeColumn + GAP;
  const nodes: LaidOutNode[] = [];
  const decorations: Decoration[] = [];
  let y = GAP;
  data.nodes.forEach((node, i) => {
    const box = boxes[i]!;
    const cy = y + box.height / 2;
    nodes.push(placeNode(node, box, axisX + CONNECTOR, y));
    decorations.push({
      kind: "line",
      role: "connector",
      x1: axisX,
      y1: cy,
      x2: axisX + CONNECTOR,
      y2: cy,
      nodeId: node.id,
    });
    decorations.push({ kind: "line", role: "tick", x1: axisX - 5, y1: cy, x2: axisX + 5, y2: cy, nodeId: node.id });
    if (times[i])
      decorations.push({
        kind: "text",
        role: "tick",
        text: timeText(times[i]!, axisX - 10, cy, "end"),
        nodeId: node.id,
      });
    y += box.height + GAP;
  });
  decorations.unshift({ kind: "line", role: "axis", x1: axisX, y1: 0, x2: axisX, y2: y, arrow: true });
  return {
    nodes,
    edges: [],
    decorations,
    width: axisX + CONNECTOR + Math.max(...boxes.map((b) => b.width)),
    height: y,
  };
}

/** Events along a time axis, in spoken order. */
export function timelineLayout(data: DiagramData, direction: Direction): Placed {
  const boxes = data.nodes.map((node) => sizeNode(node, 160));
  return direction === "TB" ? vertical(data, boxes) : horizontal(data, boxes);
}
