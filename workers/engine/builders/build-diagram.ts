/**
 * buildDiagram(): from an analysis to a DiagramData of the requested type ("auto" detects it).
 * An explicit type is always honoured, even when the talk has little of its structure: each
 * builder falls back to something sensible (a table, a chain, cards) rather than refusing.
 */
import type { Analysis } from "../analysis/types";
import { detectType } from "../detect/detect-type";
import { DEFAULT_MAX_NODES, MAX_NODES } from "../limits";
import { DiagramData, type DiagramType } from "../schema";
import { spellGlossaryTerms } from "../text/glossary-terms";
import { buildComparison } from "./comparison";
import type { BuildContext } from "./context";
import { buildCycle } from "./cycle";
import { buildFlow } from "./flow";
import { buildFlowchart } from "./flowchart";
import { buildGeneral } from "./general";
import { buildMatrix } from "./matrix";
import { buildMindmap } from "./mindmap";
import { buildConceptMap, buildNetwork } from "./network";
import { buildTimeline } from "./timeline";
import { chooseTitle } from "./title";
import { buildTree } from "./tree";

export interface BuildOptions {
  type: "auto" | DiagramType;
  /** Upper bound on nodes (default 24, at most 120); smaller keeps the diagram glanceable. */
  maxNodes?: number;
  title?: string;
  /** The workspace glossary's terms: labels spell them exactly so. */
  terms?: readonly string[];
}

const BUILDERS: Record<DiagramType, (context: BuildContext) => DiagramData> = {
  flow: buildFlow,
  flowchart: buildFlowchart,
  tree: buildTree,
  timeline: buildTimeline,
  matrix: buildMatrix,
  cycle: buildCycle,
  comparison: buildComparison,
  network: buildNetwork,
  conceptmap: buildConceptMap,
  mindmap: buildMindmap,
  general: buildGeneral,
};

function clampNodes(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_MAX_NODES;
  return Math.max(3, Math.min(MAX_NODES, Math.floor(requested)));
}

/** The diagram of the analysed talk, of the given type or the detected one; always valid DiagramData. */
export function buildDiagram(analysis: Analysis, options: BuildOptions = { type: "auto" }): DiagramData {
  const type: DiagramType =
    options.type === "auto" || !(options.type in BUILDERS) ? detectType(analysis).type : options.type;
  const title = chooseTitle(analysis, options.title);
  const skipped = new Set(title.skipped);
  const body = analysis.sentences.filter((s) => !skipped.has(s.index));
  const context: BuildContext = {
    analysis,
    language: analysis.language,
    maxNodes: clampNodes(options.maxNodes),
    title,
    body: body.length ? body : analysis.sentences,
  };
  // Parsing is the contract: a builder bug surfaces here, not in the renderer or a client.
  return DiagramData.parse(spellGlossaryTerms(BUILDERS[type](context), options.terms));
}
