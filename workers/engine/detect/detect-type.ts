/**
 * Chooses the diagram type from the evidence: each type gets a score in [0, 1] from the cues
 * that point at it, "general" is the floor any real signal must beat, and the scores become
 * confidences with a softmax so they rank and sum to one.
 */
import type { Analysis } from "../analysis/types";
import { DIAGRAM_TYPES, type DiagramType } from "../schema";
import { type Evidence, gatherEvidence } from "./features";

export interface TypeDetection {
  type: DiagramType;
  confidence: number;
  alternatives: { type: DiagramType; confidence: number }[];
  reasons: string[];
}

// What a type's score must beat to be drawn rather than a grid of cards.
const GENERAL_FLOOR = 0.3;
// Sharpness of the softmax: higher makes the winner's confidence approach 1 sooner.
const TEMPERATURE = 6;

const saturate = (value: number, at: number) => Math.min(1, value / at);

/** One score per type; each reads like the rule a person would state. */
function scoreTypes(e: Evidence): Record<DiagramType, number> {
  const t = e.total;
  const c = e.coverage;
  const few = e.sentences <= 2 ? 0.6 : 1; // one or two sentences rarely justify structure
  const sequence = 0.6 * saturate(t.sequence, 3) + 0.4 * saturate(c.sequence, 0.5);
  const branching = saturate(t.condition, 3) * (e.sentences >= 3 ? 1 : 0.7);
  // Dated events, and enough of the talk dated, make a timeline; a passing "on Monday" does not.
  const dated = e.absoluteTimes + 0.5 * e.relativeTimes;
  const timeCoverage = (e.absoluteTimes + e.relativeTimes) / Math.max(1, e.sentences);
  const chronological = e.timesOutOfOrder ? 0.5 : 1;
  const time =
    chronological * (0.7 * saturate(dated, 3) + 0.3 * saturate(t.time, 4)) * (0.6 + 0.4 * saturate(timeCoverage, 0.6));
  const closesLoop = e.returnsToStart ? 1 : 0;
  return {
    flow: few * (sequence * (1 - 0.5 * branching) - 0.3 * saturate(t.cycle + closesLoop, 2)),
    flowchart: few * branching * (0.75 + 0.25 * sequence) * (e.questions + c.condition * e.sentences >= 2 ? 1 : 0.6),
    tree: few * (0.8 * saturate(t.hierarchy, 2.5) + 0.2 * saturate(e.lists, 2)),
    timeline: few * time,
    matrix: few * saturate(t.matrix, 2.5),
    // Steps that end where they began are a cycle, however plainly the steps were said.
    cycle:
      few *
      Math.max(0.85 * saturate(t.cycle + closesLoop, 2) + 0.15 * sequence, 0.9 * closesLoop * Math.max(sequence, 0.5)),
    comparison: few * saturate(t.comparison, 2.5),
    network: few * saturate(t.link, 2.5) * (1 - 0.3 * saturate(t.relation, 3)),
    conceptmap: few * saturate(t.relation, 3) * (1 - 0.3 * saturate(t.link, 3)),
    mindmap: few * (0.7 * saturate(t.brainstorm, 2.5) + 0.3 * saturate(e.topicLists, 2)),
    general: GENERAL_FLOOR + 0.35 * saturate(t.remark, 1.5),
  };
}

const CUE_OF_TYPE: Partial<Record<DiagramType, keyof Evidence["markers"]>> = {
  flow: "sequence",
  flowchart: "condition",
  tree: "hierarchy",
  timeline: "time",
  matrix: "matrix",
  cycle: "cycle",
  comparison: "comparison",
  network: "link",
  conceptmap: "relation",
  mindmap: "brainstorm",
};

function explain(type: DiagramType, e: Evidence): string[] {
  const kind = CUE_OF_TYPE[type];
  if (!kind) {
    const remarks = e.markers.remark.length
      ? `; remarks: ${e.markers.remark.map((m) => JSON.stringify(m)).join(", ")}`
      : "";
    return [`no structural cue was strong enough; key points are shown as cards${remarks}`];
  }
  const reasons = [
    `${kind} cues (weight ${e.total[kind].toFixed(1)} over ${e.sentences} sentences): ${e.markers[kind].map((m) => JSON.stringify(m)).join(", ") || "none"}`,
  ];
  if (type === "timeline")
    reasons.push(`${e.absoluteTimes} sentences name a date or time, ${e.relativeTimes} a relative time`);
  if (type === "cycle" && e.returnsToStart) reasons.push("the last sentence comes back to the first steps");
  if (type === "flowchart" && e.questions) reasons.push(`${e.questions} questions asked`);
  if (type === "tree" && e.lists) reasons.push(`${e.lists} sentences enumerate items`);
  if (type === "mindmap" && e.topicLists) reasons.push(`${e.topicLists} sentences open with a topic and list ideas`);
  return reasons;
}

/** The most fitting diagram type for the analysis, with ranked alternatives and the cues that decided. */
export function detectType(analysis: Analysis): TypeDetection {
  const evidence = gatherEvidence(analysis);
  const scores = scoreTypes(evidence);
  const exps = DIAGRAM_TYPES.map((type) => ({ type, weight: Math.exp(TEMPERATURE * Math.max(0, scores[type])) }));
  const sum = exps.reduce((s, x) => s + x.weight, 0);
  const ranked = exps
    .map((x) => ({ type: x.type, confidence: Math.round((x.weight / sum) * 1000) / 1000, score: scores[x.type] }))
    .sort((a, b) => b.score - a.score || DIAGRAM_TYPES.indexOf(a.type) - DIAGRAM_TYPES.indexOf(b.type));
  const [best, ...rest] = ranked;
  return {
    type: best!.type,
    confidence: best!.confidence,
    alternatives: rest.map(({ type, confidence }) => ({ type, confidence })),
    reasons: explain(best!.type, evidence),
  };
}
