/**
 * checkLayout(): the layout's promises, checked. Empty means: no two node boxes overlap, every
 * label fits inside its shape, no edge or connector passes through a node it does not join, no
 * edge label covers a node, edges start and end on their nodes, and everything is on the canvas.
 */

import { insetRect, insideShape, polylineCrossesRect, rectsOverlap } from "./geometry";
import { measureText } from "./text-measure";
import type { LaidOutDiagram, LaidOutNode, Point, Rect, TextBlock } from "./types";

// Sub-pixel slack for rounding to hundredths when positions are stored.
const EPSILON = 0.6;

function labelProblems(node: LaidOutNode): string[] {
  const problems: string[] = [];
  const box = node.labelBox;
  const corners: Point[] = [
    { x: box.x, y: box.y },
    { x: box.x + box.width, y: box.y },
    { x: box.x, y: box.y + box.height },
    { x: box.x + box.width, y: box.y + box.height },
  ];
  if (corners.some((corner) => !insideShape(corner, node, node.shape, EPSILON)))
    problems.push(`label of ${node.id} leaves its ${node.shape}`);
  const widest = Math.max(...node.label.lines.map((line) => measureText(line, node.label.fontSize, node.label.bold)));
  if (widest > box.width + EPSILON)
    problems.push(`label of ${node.id} is wider than its box (${widest.toFixed(1)} > ${box.width})`);
  if (node.label.lines.length * node.label.lineHeight > box.height + EPSILON)
    problems.push(`label of ${node.id} is taller than its box`);
  const centred =
    Math.abs(node.label.x - (box.x + box.width / 2)) <= EPSILON &&
    Math.abs(node.label.y - (box.y + box.height / 2)) <= EPSILON;
  if (!centred) problems.push(`label of ${node.id} is not centred in its box`);
  return problems;
}

function touches(point: Point, node: LaidOutNode): boolean {
  return insideShape(
    point,
    insetRect(node, -2),
    node.shape === "diamond" || node.shape === "ellipse" ? node.shape : "rect",
    1.5,
  );
}

function textRect(text: TextBlock): Rect {
  const height = text.lines.length * text.lineHeight;
  const x = text.anchor === "middle" ? text.x - text.width / 2 : text.anchor === "end" ? text.x - text.width : text.x;
  return { x, y: text.y - height / 2, width: text.width, height };
}

function withinCanvas(rect: Rect, d: LaidOutDiagram): boolean {
  return (
    rect.x >= -EPSILON &&
    rect.y >= -EPSILON &&
    rect.x + rect.width <= d.width + EPSILON &&
    rect.y + rect.height <= d.height + EPSILON
  );
}

/** Every way the laid-out diagram breaks its promises; [] when it keeps them all. */
export function checkLayout(diagram: LaidOutDiagram): string[] {
  const problems: string[] = [];
  const nodes = diagram.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      if (rectsOverlap(insetRect(nodes[i]!, EPSILON), insetRect(nodes[j]!, EPSILON)))
        problems.push(`nodes ${nodes[i]!.id} and ${nodes[j]!.id} overlap`);
    }
    problems.push(...labelProblems(nodes[i]!));
    if (!withinCanvas(nodes[i]!, diagram)) problems.push(`node ${nodes[i]!.id} is off the canvas`);
  }
  for (const node of diagram.data.nodes) if (!byId.has(node.id)) problems.push(`node ${node.id} was not laid out`);
  for (const edge of diagram.data.edges)
    if (!diagram.edges.some((e) => e.id === edge.id)) problems.push(`edge ${edge.id} was not drawn`);
  for (const edge of diagram.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to || edge.points.length < 2) {
      problems.push(`edge ${edge.id} has no route between existing nodes`);
      continue;
    }
    if (!touches(edge.points[0]!, from)) problems.push(`edge ${edge.id} does not start at ${from.id}`);
    if (!touches(edge.points[edge.points.length - 1]!, to)) problems.push(`edge ${edge.id} does not end at ${to.id}`);
    for (const node of nodes) {
      if (node.id === edge.from || node.id === edge.to) continue;
      if (polylineCrossesRect(edge.points, insetRect(node, 1)))
        problems.push(`edge ${edge.id} passes through ${node.id}`);
      if (edge.label && rectsOverlap(edge.label.box, insetRect(node, EPSILON)))
        problems.push(`label of edge ${edge.id} covers ${node.id}`);
    }
    if (edge.label && !withinCanvas(edge.label.box, diagram))
      problems.push(`label of edge ${edge.id} is off the canvas`);
  }
  for (const decoration of diagram.decorations) {
    if (decoration.kind === "line" && decoration.role === "connector") {
      const line = [
        { x: decoration.x1, y: decoration.y1 },
        { x: decoration.x2, y: decoration.y2 },
      ];
      for (const node of nodes)
        if (node.id !== decoration.nodeId && polylineCrossesRect(line, insetRect(node, 1)))
          problems.push(`connector of ${decoration.nodeId} passes through ${node.id}`);
    }
    if (decoration.kind === "text") {
      const rect = textRect(decoration.text);
      for (const node of nodes)
        if (rectsOverlap(rect, insetRect(node, EPSILON)))
          problems.push(`text "${decoration.text.lines[0]}" covers ${node.id}`);
      if (!withinCanvas(rect, diagram)) problems.push(`text "${decoration.text.lines[0]}" is off the canvas`);
    }
  }
  return problems;
}
