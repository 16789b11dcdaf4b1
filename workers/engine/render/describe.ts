/** The text alternative for a diagram (<desc>): what a screen reader says instead of the picture. */
import type { DiagramData, DiagramType } from "../schema";

const NAMES: Record<DiagramType, { en: string; ja: string }> = {
  flow: { en: "Flow", ja: "フロー図" },
  flowchart: { en: "Flowchart", ja: "フローチャート" },
  tree: { en: "Tree", ja: "ツリー図" },
  timeline: { en: "Timeline", ja: "年表" },
  matrix: { en: "Matrix", ja: "マトリクス" },
  cycle: { en: "Cycle", ja: "サイクル図" },
  comparison: { en: "Comparison", ja: "比較表" },
  network: { en: "Network", ja: "ネットワーク図" },
  conceptmap: { en: "Concept map", ja: "コンセプトマップ" },
  mindmap: { en: "Mind map", ja: "マインドマップ" },
  general: { en: "Key points", ja: "要点" },
};
const MAX_DESCRIPTION = 1200;

/** "Flowchart: Login. Steps: … Connections: A → B (yes); …", capped in length. */
export function describe(data: DiagramData): string {
  const ja = data.language === "ja";
  const label = new Map(data.nodes.map((n) => [n.id, n.time ? `${n.time} ${n.label}` : n.label]));
  const parts = [
    `${NAMES[data.type][data.language]}: ${data.title}.`,
    `${ja ? "要素" : "Items"}: ${data.nodes.map((n) => label.get(n.id)).join(ja ? "、" : "; ")}.`,
  ];
  if (data.edges.length) {
    const links = data.edges.map(
      (e) =>
        `${label.get(e.from)} → ${label.get(e.to)}${e.label ? ` (${e.label})` : e.kind === "yes" || e.kind === "no" ? ` (${e.kind})` : ""}`,
    );
    parts.push(`${ja ? "つながり" : "Connections"}: ${links.join(ja ? "、" : "; ")}.`);
  }
  const text = parts.join(" ");
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}
