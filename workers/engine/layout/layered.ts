/**
 * Layered layout (flow, flowchart, tree, network, concept map) with @dagrejs/dagre: ranks,
 * crossing reduction and coordinates come from the library; edge ends are then clipped to the
 * real shapes (diamonds, ellipses), and any edge that still cuts through a node it does not
 * join is rerouted around the drawing (see detour.ts).
 */
import dagre from "@dagrejs/dagre";
import type { DiagramData, EdgeKind } from "../schema";
import { detourEdges } from "./detour";
import { edgeLabelAt, edgeLabelSize } from "./edge-label";
import { boundaryPoint, round } from "./geometry";
import { sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";
import type { Direction, LaidOutEdge, LaidOutNode, Point } from "./types";

const ARROWLESS: EdgeKind[] = ["hierarchy", "branch"];

interface DagreNode {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

interface DagreEdge {
  width?: number;
  height?: number;
  labelpos?: "c";
  points?: Point[];
  x?: number;
  y?: number;
  minlen?: number;
}

/** Left-to-right constraints between consecutive children of each node, in data order. */
function siblingOrder(data: DiagramData): { left: string; right: string }[] {
  const constraints: { left: string; right: string }[] = [];
  const hasParent = new Set<string>();
  for (const node of data.nodes) {
    const children = data.edges.filter((e) => e.from === node.id && !hasParent.has(e.to)).map((e) => e.to);
    children.forEach((child) => hasParent.add(child));
    for (let i = 1; i < children.length; i++) constraints.push({ left: children[i - 1]!, right: children[i]! });
  }
  return constraints;
}

/** Positions nodes in ranks along `direction`; `arrows` false draws plain connections (networks). */
export function layeredLayout(data: DiagramData, direction: Direction, arrows = true): Placed {
  const graph = new dagre.graphlib.Graph<Record<string, unknown>, DagreNode, DagreEdge>({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: 40, ranksep: 56, edgesep: 20, marginx: 0, marginy: 0 });
  const boxes = new Map(data.nodes.map((node) => [node.id, sizeNode(node)]));
  for (const node of data.nodes)
    graph.setNode(node.id, { width: boxes.get(node.id)!.width, height: boxes.get(node.id)!.height });
  for (const edge of data.edges) {
    const label = edge.label ? edgeLabelSize(edge.label) : undefined;
    graph.setEdge(
      edge.from,
      edge.to,
      label ? { width: label.width, height: label.height, labelpos: "c", minlen: 1 } : { minlen: 1 },
      edge.id,
    );
  }
  // Siblings keep their spoken order (dagre would otherwise place them as its heuristic likes).
  dagre.layout(graph, { constraints: siblingOrder(data) });

  const nodes: LaidOutNode[] = data.nodes.map((node) => {
    const box = boxes.get(node.id)!;
    const position = graph.node(node.id);
    return placeNode(node, box, (position.x ?? 0) - box.width / 2, (position.y ?? 0) - box.height / 2);
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: LaidOutEdge[] = data.edges.map((edge) => {
    const routed = graph.edge({ v: edge.from, w: edge.to, name: edge.id });
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    const inner = (routed?.points ?? []).slice(1, -1).map((p) => ({ x: round(p.x), y: round(p.y) }));
    // Dagre clips to rectangles; clip again to the drawn shape so arrows touch diamonds and ellipses.
    const first = boundaryPoint(from, from.shape, inner[0] ?? { x: to.x + to.width / 2, y: to.y + to.height / 2 });
    const last = boundaryPoint(
      to,
      to.shape,
      inner[inner.length - 1] ?? { x: from.x + from.width / 2, y: from.y + from.height / 2 },
    );
    const laid: LaidOutEdge = {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      points: [first, ...inner, last],
      arrow: arrows && !ARROWLESS.includes(edge.kind),
    };
    if (edge.label && routed?.x !== undefined && routed.y !== undefined)
      laid.label = edgeLabelAt(edge.label, round(routed.x), round(routed.y));
    return laid;
  });
  const placed: Placed = { nodes, edges, decorations: [], width: 0, height: 0 };
  return detourEdges(placed, direction);
}
