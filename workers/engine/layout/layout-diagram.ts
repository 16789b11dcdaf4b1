/**
 * layoutDiagram(): places every node, edge, label and decoration of a diagram. Each type has
 * the layout people expect of it; afterwards any data edge the type's layout did not draw, or
 * drew through a node, is routed orthogonally around the nodes, so the result always passes
 * checkLayout. Deterministic: no randomness, and dagre is given the nodes in data order.
 */
import type { DiagramData, DiagramType } from "../schema";
import { cardsLayout } from "./cards-layout";
import { edgeIsBlocked } from "./detour";
import { columnsLayout, matrixLayout } from "./grid-layout";
import { layeredLayout } from "./layered";
import { mindmapLayout } from "./mindmap-layout";
import { placeLabelOnPath, routeOrthogonally } from "./orthogonal-route";
import { extent, type Placed, translate } from "./place";
import { ringLayout } from "./ring-layout";
import { measureText } from "./text-measure";
import { timelineLayout } from "./timeline-layout";
import type { Direction, LaidOutDiagram, LaidOutEdge, LayoutOptions, TextBlock } from "./types";
import { wrapText } from "./wrap";

const MARGIN = 24;
const TITLE_FONT = 20;
const TITLE_GAP = 16;
const MIN_WIDTH = 360;

function defaultDirection(type: DiagramType, nodes: number): Direction {
  if (type === "flow") return nodes <= 5 ? "LR" : "TB";
  if (type === "network" || type === "conceptmap") return nodes <= 6 ? "LR" : "TB";
  if (type === "timeline") return nodes <= 10 ? "LR" : "TB";
  return "TB";
}

function placeByType(data: DiagramData, direction: Direction): Placed {
  switch (data.type) {
    case "flow":
    case "flowchart":
    case "tree":
      return layeredLayout(data, direction);
    case "network":
      return layeredLayout(data, direction, false);
    case "conceptmap":
      return layeredLayout(data, direction);
    case "timeline":
      return timelineLayout(data, direction);
    case "cycle":
      return ringLayout(data);
    case "matrix":
      return matrixLayout(data);
    case "comparison":
      return columnsLayout(data);
    case "mindmap":
      return mindmapLayout(data);
    case "general":
      return cardsLayout(data);
  }
}

/** Draws the data edges a layout left out, and reroutes any that cross a node. */
function completeEdges(data: DiagramData, placed: Placed): Placed {
  const drawn = new Map(placed.edges.map((e) => [e.id, e]));
  const byId = new Map(placed.nodes.map((n) => [n.id, n]));
  const edges: LaidOutEdge[] = [];
  for (const edge of data.edges) {
    const existing = drawn.get(edge.id);
    if (existing && !edgeIsBlocked(existing, placed.nodes)) {
      edges.push(existing);
      continue;
    }
    const points = routeOrthogonally(byId.get(edge.from)!, byId.get(edge.to)!, placed.nodes);
    if (!points) {
      if (existing) edges.push(existing);
      continue;
    }
    const routed: LaidOutEdge = {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      points,
      arrow: existing?.arrow ?? data.type !== "network",
    };
    const label = edge.label ? placeLabelOnPath(edge.label, points, placed.nodes) : undefined;
    if (label) routed.label = label;
    edges.push(routed);
  }
  return { ...placed, edges };
}

function titleBlock(text: string, width: number): TextBlock {
  const wrapped = wrapText(text, width, TITLE_FONT, { bold: true, maxLines: 2 });
  const lineHeight = TITLE_FONT * 1.3;
  return {
    lines: wrapped.lines,
    x: 0,
    y: 0,
    fontSize: TITLE_FONT,
    lineHeight,
    bold: true,
    width: wrapped.width,
    anchor: "start",
  };
}

/** Every node, edge and label of the diagram placed on a canvas, with the title on top. */
export function layoutDiagram(data: DiagramData, options: LayoutOptions = {}): LaidOutDiagram {
  const direction = options.direction ?? defaultDirection(data.type, data.nodes.length);
  const placed = completeEdges(data, placeByType(data, direction));
  const box = extent(placed);
  const contentWidth = box.maxX - box.minX;
  const contentHeight = box.maxY - box.minY;
  const width = Math.ceil(
    Math.max(
      MIN_WIDTH,
      contentWidth + 2 * MARGIN,
      Math.min(measureText(data.title, TITLE_FONT, true), 720) + 2 * MARGIN,
    ),
  );
  const title = titleBlock(data.title, width - 2 * MARGIN);
  const titleHeight = title.lines.length * title.lineHeight;
  const top = MARGIN + titleHeight + TITLE_GAP;
  // Centre the content horizontally when the title made the canvas wider.
  const left = (width - contentWidth) / 2;
  const moved = translate(placed, left - box.minX, top - box.minY);
  return {
    data,
    direction,
    theme: options.theme ?? "light",
    width,
    height: Math.ceil(top + contentHeight + MARGIN),
    title: { ...title, x: MARGIN, y: MARGIN + titleHeight / 2 },
    nodes: moved.nodes,
    edges: moved.edges,
    decorations: moved.decorations,
  };
}
