/**
 * Mind map, two-sided: the theme in the middle, branches in a column on each side (the first
 * half on the right, the rest on the left, each side in spoken order from the top), and each
 * branch's leaves in a column beyond it. Connections are elbows that turn only in the empty
 * columns between root, branches and leaves, so they cross no box.
 */
import type { DiagramData } from "../schema";
import { type NodeBox, sizeNode } from "./node-box";
import { type Placed, placeNode } from "./place";
import type { LaidOutEdge, LaidOutNode, Point } from "./types";

const COLUMN_GAP = 56;
const ROW_GAP = 12;
const BLOCK_GAP = 20;

interface Block {
  branch: string;
  leaves: string[];
  height: number;
}

export function mindmapLayout(data: DiagramData): Placed {
  const boxes = new Map<string, NodeBox>(data.nodes.map((n) => [n.id, sizeNode(n, n.kind === "root" ? 180 : 160)]));
  const root = data.nodes.find((n) => n.kind === "root") ?? data.nodes[0]!;
  const childrenOf = (id: string) => data.edges.filter((e) => e.from === id).map((e) => e.to);
  const branchIds = childrenOf(root.id);
  const reached = new Set([root.id, ...branchIds]);
  const blocks: Block[] = branchIds.map((branch) => {
    const leaves = childrenOf(branch).filter((id) => !reached.has(id));
    leaves.forEach((id) => reached.add(id));
    const leafHeight =
      leaves.reduce((sum, id) => sum + boxes.get(id)!.height, 0) + ROW_GAP * Math.max(0, leaves.length - 1);
    return { branch, leaves, height: Math.max(boxes.get(branch)!.height, leafHeight) };
  });
  // Nodes no edge reaches from the root still get drawn: as branches of their own.
  for (const node of data.nodes)
    if (!reached.has(node.id)) blocks.push({ branch: node.id, leaves: [], height: boxes.get(node.id)!.height });
  const rightCount = Math.ceil(blocks.length / 2);
  const sides = [blocks.slice(0, rightCount), blocks.slice(rightCount)];
  const sideHeight = (side: Block[]) =>
    side.reduce((sum, b) => sum + b.height, 0) + BLOCK_GAP * Math.max(0, side.length - 1);
  const rootBox = boxes.get(root.id)!;
  const height = Math.max(rootBox.height, ...sides.map(sideHeight));
  const branchWidth = sides.map((side) => Math.max(0, ...side.map((b) => boxes.get(b.branch)!.width)));
  const leafWidth = sides.map((side) =>
    Math.max(0, ...side.flatMap((b) => b.leaves.map((id) => boxes.get(id)!.width))),
  );
  const leftExtent =
    (leafWidth[1]! ? leafWidth[1]! + COLUMN_GAP : 0) + (branchWidth[1]! ? branchWidth[1]! + COLUMN_GAP : 0);
  const rootX = leftExtent;
  const rootY = (height - rootBox.height) / 2;
  const nodes: LaidOutNode[] = [placeNode(root, rootBox, rootX, rootY)];
  const edges: LaidOutEdge[] = [];
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeOf = (from: string, to: string) => data.edges.find((e) => e.from === from && e.to === to);
  const elbow = (from: string, to: string, points: Point[]) => {
    const edge = edgeOf(from, to);
    if (edge) edges.push({ id: edge.id, from, to, kind: edge.kind, points, arrow: false });
  };
  const rootCy = rootY + rootBox.height / 2;
  sides.forEach((side, s) => {
    const right = s === 0;
    let top = (height - sideHeight(side)) / 2;
    const branchX = right ? rootX + rootBox.width + COLUMN_GAP : rootX - COLUMN_GAP - branchWidth[1]!;
    for (const block of side) {
      const box = boxes.get(block.branch)!;
      const cy = top + block.height / 2;
      // Branches line up on the side facing the root.
      const x = right ? branchX : branchX + branchWidth[1]! - box.width;
      nodes.push(placeNode(nodeById.get(block.branch)!, box, x, cy - box.height / 2));
      const rootEdgeX = right ? rootX + rootBox.width : rootX;
      const midX = right ? rootEdgeX + COLUMN_GAP / 2 : rootEdgeX - COLUMN_GAP / 2;
      const branchEdgeX = right ? x : x + box.width;
      elbow(root.id, block.branch, [
        { x: rootEdgeX, y: rootCy },
        { x: midX, y: rootCy },
        { x: midX, y: cy },
        { x: branchEdgeX, y: cy },
      ]);
      const leafHeight =
        block.leaves.reduce((sum, id) => sum + boxes.get(id)!.height, 0) +
        ROW_GAP * Math.max(0, block.leaves.length - 1);
      let leafTop = cy - leafHeight / 2;
      const leafX = right ? branchX + branchWidth[0]! + COLUMN_GAP : branchX - COLUMN_GAP;
      for (const leaf of block.leaves) {
        const leafBox = boxes.get(leaf)!;
        const lx = right ? leafX : leafX - leafBox.width;
        const lcy = leafTop + leafBox.height / 2;
        nodes.push(placeNode(nodeById.get(leaf)!, leafBox, lx, leafTop));
        const outX = right ? x + box.width : x;
        const columnEdge = right ? branchX + branchWidth[0]! : branchX;
        const turnX = right ? columnEdge + COLUMN_GAP / 2 : columnEdge - COLUMN_GAP / 2;
        elbow(block.branch, leaf, [
          { x: outX, y: cy },
          { x: turnX, y: cy },
          { x: turnX, y: lcy },
          { x: right ? lx : lx + leafBox.width, y: lcy },
        ]);
        leafTop += leafBox.height + ROW_GAP;
      }
      top += block.height + BLOCK_GAP;
    }
  });
  const rightExtent =
    rootX +
    rootBox.width +
    (branchWidth[0]! ? COLUMN_GAP + branchWidth[0]! : 0) +
    (leafWidth[0]! ? COLUMN_GAP + leafWidth[0]! : 0);
  const order = new Map(data.nodes.map((n, i) => [n.id, i]));
  nodes.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { nodes, edges, decorations: [], width: rightExtent, height };
}
