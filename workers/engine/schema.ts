/**
 * The diagram contract (version 1) shared by the API, the video renderer and the web console.
 * One zod schema: every producer validates against it and every consumer can trust it.
 */
import { z } from "zod";
// The eleven kinds of diagram the engine can draw: one list for the engine, the API and the console.
import { DIAGRAM_TYPES, type DiagramType } from "../../contracts/diagram-types";
import {
  MAX_DETAIL_CHARS,
  MAX_EDGE_LABEL_CHARS,
  MAX_EDGES,
  MAX_GROUPS,
  MAX_LABEL_CHARS,
  MAX_NODES,
  MAX_SCENE_TEXT_CHARS,
  MAX_SCENES,
  MAX_TITLE_CHARS,
} from "./limits";

export { DIAGRAM_TYPES, type DiagramType };

/** What a node stands for; renderers pick a shape from it. */
export const NODE_KINDS = [
  "start",
  "end",
  "process",
  "decision",
  "event",
  "concept",
  "entity",
  "group",
  "root",
  "branch",
  "leaf",
  "header",
  "cell",
  "card",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** What an edge means; "yes"/"no" leave a decision, "cycle" closes a ring. */
export const EDGE_KINDS = ["sequence", "yes", "no", "relation", "hierarchy", "cycle", "branch"] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const LANGUAGES = ["ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

// Ids end up in SVG id attributes, CSS selectors and Mermaid source: a letter, then letters,
// digits, "_" or "-". The pattern has no nested quantifier, so it cannot backtrack.
const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "ids are a letter then up to 63 of [A-Za-z0-9_-]");
const Label = (max: number) => z.string().min(1).max(max);
const Seconds = z
  .number()
  .finite()
  .min(0)
  .max(24 * 3600);

export const DiagramNode = z.object({
  id: Id,
  label: Label(MAX_LABEL_CHARS),
  /** What was said that the label stands for, in full, so a short label loses nothing. */
  detail: z.string().min(1).max(MAX_DETAIL_CHARS).optional(),
  /** Depth from the diagram's root or first rank; 0 for top-level items. */
  level: z.number().int().min(0).max(32),
  kind: z.enum(NODE_KINDS),
  /** Scenes in which this node is spoken about; the first one reveals it in a video. */
  sceneIds: z.array(Id).max(MAX_SCENES),
  /** Timeline: the time expression as said ("2012", "4月1日"). */
  time: z.string().min(1).max(40).optional(),
  /** Matrix and comparison: grid position, 0-based; headers sit in row 0 or column 0. */
  row: z.number().int().min(0).max(MAX_NODES).optional(),
  column: z.number().int().min(0).max(MAX_NODES).optional(),
});
export type DiagramNode = z.infer<typeof DiagramNode>;

export const DiagramEdge = z.object({
  id: Id,
  from: Id,
  to: Id,
  label: Label(MAX_EDGE_LABEL_CHARS).optional(),
  kind: z.enum(EDGE_KINDS),
});
export type DiagramEdge = z.infer<typeof DiagramEdge>;

export const DiagramGroup = z.object({
  id: Id,
  label: Label(MAX_LABEL_CHARS),
  nodeIds: z.array(Id).max(MAX_NODES),
});
export type DiagramGroup = z.infer<typeof DiagramGroup>;

export const DiagramScene = z.object({
  id: Id,
  start: Seconds,
  end: Seconds,
  text: z.string().max(MAX_SCENE_TEXT_CHARS),
  nodeIds: z.array(Id).max(MAX_NODES),
});
export type DiagramScene = z.infer<typeof DiagramScene>;

/** The versioned diagram document: what was said, as nodes, edges, groups and timed scenes. */
export const DiagramData = z
  .object({
    version: z.literal(1),
    type: z.enum(DIAGRAM_TYPES),
    title: Label(MAX_TITLE_CHARS),
    language: z.enum(LANGUAGES),
    nodes: z.array(DiagramNode).min(1).max(MAX_NODES),
    edges: z.array(DiagramEdge).max(MAX_EDGES),
    groups: z.array(DiagramGroup).max(MAX_GROUPS),
    scenes: z.array(DiagramScene).max(MAX_SCENES),
  })
  .superRefine((data, ctx) => {
    for (const problem of referenceProblems(data)) ctx.addIssue({ code: "custom", message: problem });
  });
export type DiagramData = z.infer<typeof DiagramData>;

/** Dangling references and duplicate ids: things a per-field schema cannot see. */
function referenceProblems(data: Omit<DiagramData, "version">): string[] {
  const problems: string[] = [];
  const nodeIds = new Set<string>();
  for (const node of data.nodes) {
    if (nodeIds.has(node.id)) problems.push(`duplicate node id ${node.id}`);
    nodeIds.add(node.id);
  }
  const sceneIds = new Set(data.scenes.map((s) => s.id));
  if (sceneIds.size !== data.scenes.length) problems.push("duplicate scene id");
  const edgeIds = new Set(data.edges.map((e) => e.id));
  if (edgeIds.size !== data.edges.length) problems.push("duplicate edge id");
  for (const edge of data.edges) {
    if (!nodeIds.has(edge.from) || !nodeIds.has(edge.to)) problems.push(`edge ${edge.id} joins a missing node`);
  }
  for (const group of data.groups) {
    if (group.nodeIds.some((id) => !nodeIds.has(id))) problems.push(`group ${group.id} lists a missing node`);
  }
  for (const node of data.nodes) {
    if (node.sceneIds.some((id) => !sceneIds.has(id))) problems.push(`node ${node.id} names a missing scene`);
  }
  for (const scene of data.scenes) {
    if (scene.end < scene.start) problems.push(`scene ${scene.id} ends before it starts`);
    if (scene.nodeIds.some((id) => !nodeIds.has(id))) problems.push(`scene ${scene.id} lists a missing node`);
  }
  return problems;
}
