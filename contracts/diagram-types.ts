/** The eleven kinds of diagram the engine draws: the engine's schema, the API and the console's pickers use this list. */
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
