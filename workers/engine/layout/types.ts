/** A diagram with every box, line and label placed: what the SVG renderer draws, nothing more to decide. */
import type { DiagramData, EdgeKind, NodeKind } from "../schema";

export type Direction = "TB" | "LR";
export type Theme = "light" | "dark";

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type NodeShape = "rect" | "rounded" | "stadium" | "diamond" | "ellipse" | "header";

/** Lines of text centred on (x, y): the middle of the block. */
export interface TextBlock {
  lines: string[];
  x: number;
  y: number;
  fontSize: number;
  lineHeight: number;
  bold: boolean;
  /** The widest line's measured width, in pixels. */
  width: number;
  anchor: "middle" | "start" | "end";
}

export interface LaidOutNode extends Rect {
  id: string;
  kind: NodeKind;
  level: number;
  shape: NodeShape;
  sceneIds: string[];
  label: TextBlock;
  /** Where the label may go: inside the shape, so checkLayout can prove it fits. */
  labelBox: Rect;
}

export interface LaidOutEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  points: Point[];
  arrow: boolean;
  label?: TextBlock & { box: Rect };
}

/** Axes, ticks, grid cells and column frames: drawn, never revealed or hidden. */
/** `nodeId` ties a decoration to a node, so it appears when the node does (a timeline's tick). */
export type Decoration =
  | {
      kind: "line";
      role: "axis" | "tick" | "connector";
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      arrow?: boolean;
      nodeId?: string;
    }
  | ({ kind: "rect"; role: "cell" | "column" | "band" } & Rect)
  | { kind: "text"; role: "tick" | "group"; text: TextBlock; nodeId?: string };

export interface LaidOutDiagram {
  data: DiagramData;
  direction: Direction;
  theme: Theme;
  width: number;
  height: number;
  title: TextBlock;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  decorations: Decoration[];
}

export interface LayoutOptions {
  direction?: Direction;
  theme?: Theme;
}
