/**
 * The 図解 engine: what was said → analysis → diagram type → diagram → layout → SVG / Mermaid.
 * Pure TypeScript with no platform imports, no I/O and no randomness: the same input always
 * gives byte-identical output. Typical use:
 *
 *   const analysis = analyze({ text, segments });
 *   const data = buildDiagram(analysis, { type: "auto" });   // DiagramData, the stored contract
 *   const svg = renderSvg(layoutDiagram(data), { theme: "dark", revealUpToScene: "s3" });
 */
export { analyze } from "./analysis/analyze";
export type { Analysis, AnalyzeInput, AnalyzedSentence, Cue, CueKind, KeyPhrase, Scene, TimedSegment } from "./analysis/types";
export { detectType, type TypeDetection } from "./detect/detect-type";
export { buildDiagram, type BuildOptions } from "./builders/build-diagram";
export { layoutDiagram } from "./layout/layout-diagram";
export { checkLayout } from "./layout/check-layout";
export type { Decoration, Direction, LaidOutDiagram, LaidOutEdge, LaidOutNode, LayoutOptions, Theme } from "./layout/types";
export { renderSvg, type RenderOptions } from "./render/svg";
export { toMermaid } from "./mermaid/to-mermaid";
export {
  DIAGRAM_TYPES,
  DiagramData,
  DiagramEdge,
  DiagramGroup,
  DiagramNode,
  DiagramScene,
  EDGE_KINDS,
  LANGUAGES,
  NODE_KINDS,
  type DiagramType,
  type EdgeKind,
  type Language,
  type NodeKind,
} from "./schema";
export { DEFAULT_MAX_NODES, MAX_ANALYZED_CHARS, MAX_NODES, MAX_SCENES, MAX_SEGMENTS } from "./limits";
