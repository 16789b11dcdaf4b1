/**
 * The 図解 engine: what was said → analysis → diagram type → diagram → layout → SVG / Mermaid.
 * Pure TypeScript with no platform imports, no I/O and no randomness: the same input always
 * gives byte-identical output, in a Worker, in Node, and in the browser.
 */
export { analyze } from "./analysis/analyze";
export type { Analysis, AnalyzeInput, AnalyzedSentence, Cue, CueKind, KeyPhrase, Scene, TimedSegment } from "./analysis/types";
export { detectType, type TypeDetection } from "./detect/detect-type";
export { MAX_ANALYZED_CHARS } from "./limits";
export { DIAGRAM_TYPES, DiagramData, type DiagramType, type Language } from "./schema";
export { buildDiagram, type BuildOptions } from "./build/build-diagram";
export { layoutDiagram } from "./layout/layout-diagram";
export { checkLayout } from "./layout/check-layout";
export type { LaidOutDiagram, LaidOutNode, LaidOutEdge, Decoration, LayoutOptions, Direction, Theme } from "./layout/types";
export { renderSvg, type RenderOptions } from "./render/svg";
export { toMermaid } from "./mermaid/to-mermaid";
