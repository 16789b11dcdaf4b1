/**
 * toMermaid(): the diagram as Mermaid source, for people who paste diagrams into Markdown.
 * Flowchart syntax carries flow, flowchart, tree, cycle, network and concept map directly;
 * timeline and mindmap have their own diagram kinds; a matrix or comparison becomes a flowchart
 * of subgraphs (one per cell or column), and general cards a flowchart of unconnected boxes.
 * Node ids are renumbered (m1, m2 …) so no id can collide with a Mermaid keyword.
 */
import type { DiagramData, DiagramEdge, DiagramNode, NodeKind } from "../schema";
import { quoted, timelineText } from "./escape";

const SHAPES: Partial<Record<NodeKind, [string, string]>> = {
  start: ["([", "])"],
  end: ["([", "])"],
  decision: ["{", "}"],
  root: ["[[", "]]"],
  entity: ["(", ")"],
  concept: ["(", ")"],
  header: ["[/", "/]"],
};

function ids(data: DiagramData): Map<string, string> {
  return new Map(data.nodes.map((node, i) => [node.id, `m${i + 1}`]));
}

function nodeLine(node: DiagramNode, id: string): string {
  const [open, close] = SHAPES[node.kind] ?? ["[", "]"];
  const text = node.time ? `${node.time}: ${node.label}` : node.label;
  return `${id}${open}${quoted(text)}${close}`;
}

function edgeLine(edge: DiagramEdge, idOf: Map<string, string>, undirected: boolean): string {
  const arrow =
    undirected || edge.kind === "hierarchy" || edge.kind === "branch" ? "---" : edge.kind === "cycle" ? "-.->" : "-->";
  const label = edge.label ? `|${quoted(edge.label)}|` : "";
  return `${idOf.get(edge.from)} ${arrow}${label} ${idOf.get(edge.to)}`;
}

function flowchart(data: DiagramData, groupsAs: "subgraphs" | "none"): string {
  const idOf = ids(data);
  const direction = data.type === "flow" || data.type === "network" || data.type === "conceptmap" ? "LR" : "TD";
  const lines = [`flowchart ${direction}`];
  const grouped = new Set<string>();
  if (groupsAs === "subgraphs") {
    // Headers name the subgraphs already; drawing them again as boxes would say it twice.
    for (const node of data.nodes) if (node.kind === "header") grouped.add(node.id);
    groupsOf(data).forEach((group, i) => {
      lines.push(`  subgraph s${i + 1}[${quoted(group.label)}]`);
      for (const id of group.nodeIds) {
        const node = data.nodes.find((n) => n.id === id && n.kind !== "header");
        if (node && !grouped.has(id)) lines.push(`    ${nodeLine(node, idOf.get(id)!)}`), grouped.add(id);
      }
      lines.push("  end");
    });
  }
  for (const node of data.nodes) if (!grouped.has(node.id)) lines.push(`  ${nodeLine(node, idOf.get(node.id)!)}`);
  for (const edge of data.edges) lines.push(`  ${edgeLine(edge, idOf, data.type === "network")}`);
  return lines.join("\n");
}

/** Groups for subgraphs: the data's own, or for a matrix one per cell named by its headers. */
function groupsOf(data: DiagramData): { label: string; nodeIds: string[] }[] {
  if (data.type !== "matrix") return data.groups;
  const header = (row: number, column: number) =>
    data.nodes.find((n) => n.kind === "header" && n.row === row && n.column === column)?.label;
  const cells = new Map<string, string[]>();
  for (const node of data.nodes) {
    if (node.kind === "header") continue;
    const key = `${node.row ?? 1}:${node.column ?? 1}`;
    cells.set(key, [...(cells.get(key) ?? []), node.id]);
  }
  return [...cells.entries()].map(([key, nodeIds]) => {
    const [row, column] = key.split(":").map(Number) as [number, number];
    const names = [header(row, 0), header(0, column)].filter(Boolean);
    return { label: names.join(" × ") || `${row}-${column}`, nodeIds };
  });
}

function timeline(data: DiagramData): string {
  const lines = ["timeline", `  title ${timelineText(data.title)}`];
  data.nodes.forEach((node, i) =>
    lines.push(`  ${timelineText(node.time ?? String(i + 1))} : ${timelineText(node.label)}`),
  );
  return lines.join("\n");
}

function mindmap(data: DiagramData): string {
  const idOf = ids(data);
  const root = data.nodes.find((n) => n.kind === "root") ?? data.nodes[0]!;
  const lines = ["mindmap", `  ${idOf.get(root.id)}((${quoted(root.label)}))`];
  const placed = new Set([root.id]);
  const walk = (parent: string, depth: number) => {
    for (const edge of data.edges.filter((e) => e.from === parent)) {
      if (placed.has(edge.to)) continue;
      placed.add(edge.to);
      const node = data.nodes.find((n) => n.id === edge.to)!;
      lines.push(`${"  ".repeat(depth + 1)}${idOf.get(node.id)}[${quoted(node.label)}]`);
      walk(node.id, depth + 1);
    }
  };
  walk(root.id, 1);
  // A mind map has one root; anything not reached from it hangs directly under it.
  for (const node of data.nodes)
    if (!placed.has(node.id)) lines.push(`    ${idOf.get(node.id)}[${quoted(node.label)}]`);
  return lines.join("\n");
}

/** Mermaid source for the diagram, in the nearest diagram kind Mermaid has. */
export function toMermaid(data: DiagramData): string {
  switch (data.type) {
    case "timeline":
      return timeline(data);
    case "mindmap":
      return mindmap(data);
    case "matrix":
    case "comparison":
      return flowchart(data, "subgraphs");
    default:
      return flowchart(data, "none");
  }
}
