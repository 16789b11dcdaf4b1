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
export type {
  Analysis,
  AnalyzedSentence,
  AnalyzeInput,
  Cue,
  CueKind,
  KeyPhrase,
  Scene,
  TimedSegment,
} from "./analysis/types";
export { type BuildOptions, buildDiagram } from "./builders/build-diagram";
export { detectType, type TypeDetection } from "./detect/detect-type";
export { checkLayout } from "./layout/check-layout";
export { layoutDiagram } from "./layout/layout-diagram";
export { type DiagramQuality, diagramQuality } from "./layout/quality";
export type {
  Decoration,
  Direction,
  LaidOutDiagram,
  LaidOutEdge,
  LaidOutNode,
  LayoutOptions,
  Theme,
} from "./layout/types";
export { DEFAULT_MAX_NODES, MAX_ANALYZED_CHARS, MAX_NODES, MAX_SCENES, MAX_SEGMENTS } from "./limits";
export { toMermaid } from "./mermaid/to-mermaid";
export { type RenderOptions, renderSvg } from "./render/svg";
export {
  DIAGRAM_TYPES,
  DiagramData,
  DiagramEdge,
  DiagramGroup,
  DiagramNode,
  DiagramScene,
  type DiagramType,
  EDGE_KINDS,
  type EdgeKind,
  LANGUAGES,
  type Language,
  NODE_KINDS,
  type NodeKind,
} from "./schema";
