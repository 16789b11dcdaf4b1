/** The eleven diagram types the engine draws (workers/engine/schema.ts), for pickers. */
export const DIAGRAM_TYPES = [
  "flow",
  "flowchart",
  "tree",
  "timeline",
  "matrix",
  "cycle",
  "comparison",
  "network",
  "conceptmap",
  "mindmap",
  "general",
] as const;
export type DiagramType = (typeof DIAGRAM_TYPES)[number];
