/**
 * Matrix and comparison grids. A matrix puts headers in row 0 and column 0 and stacks a cell's
 * items inside it; a comparison is columns, each a header over its items, framed as a group.
 * Rows and columns take the size of their largest content, so everything lines up.
 */
import type { DiagramData, DiagramNode } from "../schema";
import { type NodeBox, sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";
import type { Decoration, LaidOutNode } from "./types";

const CELL_PAD = 12;
const STACK_GAP = 8;
const COLUMN_GAP = 24;

interface Sized {
  node: DiagramNode;
  box: NodeBox;
  row: number;
  column: number;
}

function sizes(items: Sized[], rows: number, columns: number) {
  const columnWidths = Array.from({ length: columns }, () => 0);
  const rowHeights = Array.from({ length: rows }, () => 0);
  const stacks = new Map<string, Sized[]>();
  for (const item of items) {
    const key = `${item.row}:${item.column}`;
    stacks.set(key, [...(stacks.get(key) ?? []), item]);
  }
  for (const [key, stack] of stacks) {
    const [row, column] = key.split(":").map(Number) as [number, number];
    columnWidths[column] = Math.max(columnWidths[column]!, ...stack.map((s) => s.box.width));
    const height = stack.reduce((sum, s) => sum + s.box.height, 0) + STACK_GAP * (stack.length - 1);
    rowHeights[row] = Math.max(rowHeights[row]!, height);
  }
  return { columnWidths, rowHeights, stacks };
}

function gridPlacement(items: Sized[], rows: number, columns: number, columnGap: number) {
  const { columnWidths, rowHeights, stacks } = sizes(items, rows, columns);
  const xs: number[] = [];
  const ys: number[] = [];
  let x = 0;
  for (let c = 0; c < columns; c++) xs.push(x), (x += columnWidths[c]! + 2 * CELL_PAD + columnGap);
  let y = 0;
  for (let r = 0; r < rows; r++) ys.push(y), (y += rowHeights[r]! + 2 * CELL_PAD);
  const nodes: LaidOutNode[] = [];
  for (const [key, stack] of stacks) {
    const [row, column] = key.split(":").map(Number) as [number, number];
    const stackHeight = stack.reduce((sum, s) => sum + s.box.height, 0) + STACK_GAP * (stack.length - 1);
    let top = ys[row]! + CELL_PAD + (rowHeights[row]! - stackHeight) / 2;
    for (const item of stack) {
      nodes.push(
        placeNode(item.node, item.box, xs[column]! + CELL_PAD + (columnWidths[column]! - item.box.width) / 2, top),
      );
      top += item.box.height + STACK_GAP;
    }
  }
  return { nodes, xs, ys, columnWidths, rowHeights, width: x - columnGap, height: y };
}

/** Headers on the top row and left column, items in their cells, a frame around each cell. */
export function matrixLayout(data: DiagramData): Placed {
  const items = data.nodes.map((node) => ({
    node,
    box: sizeNode(node, node.kind === "header" ? 150 : 190),
    row: node.row ?? 1,
    column: node.column ?? 1,
  }));
  const rows = Math.max(...items.map((i) => i.row)) + 1;
  const columns = Math.max(...items.map((i) => i.column)) + 1;
  const grid = gridPlacement(items, rows, columns, 0);
  const decorations: Decoration[] = [];
  for (let r = 1; r < rows; r++) {
    for (let c = 1; c < columns; c++) {
      decorations.push({
        kind: "rect",
        role: "cell",
        x: grid.xs[c]!,
        y: grid.ys[r]!,
        width: grid.columnWidths[c]! + 2 * CELL_PAD,
        height: grid.rowHeights[r]! + 2 * CELL_PAD,
      });
    }
  }
  return { nodes: sortById(data, grid.nodes), edges: [], decorations, width: grid.width, height: grid.height };
}

/** One framed column per thing compared: its header, then what was said about it. */
export function columnsLayout(data: DiagramData): Placed {
  const items = data.nodes.map((node) => ({
    node,
    box: sizeNode(node, node.kind === "header" ? 170 : 190),
    row: node.row ?? 0,
    column: node.column ?? 0,
  }));
  const rows = Math.max(...items.map((i) => i.row)) + 1;
  const columns = Math.max(...items.map((i) => i.column)) + 1;
  const grid = gridPlacement(items, rows, columns, COLUMN_GAP);
  const decorations: Decoration[] = [];
  for (let c = 0; c < columns; c++) {
    decorations.push({
      kind: "rect",
      role: "column",
      x: grid.xs[c]!,
      y: 0,
      width: grid.columnWidths[c]! + 2 * CELL_PAD,
      height: grid.height,
    });
  }
  return { nodes: sortById(data, grid.nodes), edges: [], decorations, width: grid.width, height: grid.height };
}

/** Nodes back in the data's order, so output does not depend on map iteration. */
function sortById(data: DiagramData, nodes: LaidOutNode[]): LaidOutNode[] {
  const order = new Map(data.nodes.map((n, i) => [n.id, i]));
  return [...nodes].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
