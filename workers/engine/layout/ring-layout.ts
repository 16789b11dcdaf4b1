/**
 * Cycle: steps evenly around a circle, clockwise from the top, each joined to the next by an arc
 * of that circle. The radius is chosen so neighbouring boxes stay apart by at least their
 * diagonal, which also keeps every arc clear of the boxes it does not join.
 */
import type { DiagramData } from "../schema";
import { boundaryPoint, insetRect, insideShape, round } from "./geometry";
import { sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";
import type { LaidOutEdge, LaidOutNode, Point } from "./types";

const SEPARATION = 28;
const MIN_RADIUS = 110;
const ARC_STEP = Math.PI / 90; // two degrees

/** Points of the circle from angle a to angle b (b > a), outside both end boxes, clipped to their shapes. */
function arc(
  cx: number,
  cy: number,
  radius: number,
  a: number,
  b: number,
  from: LaidOutNode,
  to: LaidOutNode,
): Point[] {
  const samples: Point[] = [];
  for (let angle = a; angle <= b + 1e-9; angle += ARC_STEP)
    samples.push({ x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) });
  const outside = samples.filter(
    (p) => !insideShape(p, insetRect(from, -3), from.shape, 0) && !insideShape(p, insetRect(to, -3), to.shape, 0),
  );
  if (outside.length === 0)
    return [
      boundaryPoint(from, from.shape, { x: to.x + to.width / 2, y: to.y + to.height / 2 }),
      boundaryPoint(to, to.shape, { x: from.x + from.width / 2, y: from.y + from.height / 2 }),
    ];
  const first = boundaryPoint(from, from.shape, outside[0]!);
  const last = boundaryPoint(to, to.shape, outside[outside.length - 1]!);
  return [first, ...outside.map((p) => ({ x: round(p.x), y: round(p.y) })), last];
}

/** Steps on a ring with arcs between neighbours; the data's edges say which arcs to draw. */
export function ringLayout(data: DiagramData): Placed {
  const boxes = data.nodes.map((node) => sizeNode(node, 150));
  const n = data.nodes.length;
  const diagonal = Math.max(...boxes.map((b) => Math.hypot(b.width, b.height)));
  const radius = n < 2 ? 0 : Math.max(MIN_RADIUS, (diagonal + SEPARATION) / (2 * Math.sin(Math.PI / n)));
  const halfW = Math.max(...boxes.map((b) => b.width)) / 2;
  const halfH = Math.max(...boxes.map((b) => b.height)) / 2;
  const cx = radius + halfW;
  const cy = radius + halfH;
  const angleOf = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
  const nodes = data.nodes.map((node, i) => {
    const box = boxes[i]!;
    return placeNode(
      node,
      box,
      cx + radius * Math.cos(angleOf(i)) - box.width / 2,
      cy + radius * Math.sin(angleOf(i)) - box.height / 2,
    );
  });
  const index = new Map(data.nodes.map((node, i) => [node.id, i]));
  const edges: LaidOutEdge[] = data.edges.map((edge) => {
    const i = index.get(edge.from)!;
    const j = index.get(edge.to)!;
    let end = angleOf(j);
    while (end <= angleOf(i)) end += 2 * Math.PI;
    const points = arc(cx, cy, radius, angleOf(i), end, nodes[i]!, nodes[j]!);
    return { id: edge.id, from: edge.from, to: edge.to, kind: edge.kind, points, arrow: true };
  });
  return { nodes, edges, decorations: [], width: 2 * (radius + halfW), height: 2 * (radius + halfH) };
}
