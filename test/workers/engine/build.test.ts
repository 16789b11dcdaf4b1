import { describe, expect, it } from "vitest";
import { analyze, buildDiagram, DIAGRAM_TYPES, DiagramData } from "../../../workers/engine/index";
import { REPRESENTATIVE } from "./fixtures";

describe("buildDiagram", () => {
  it("honours an explicit type for any talk and always returns valid DiagramData", () => {
    for (const source of DIAGRAM_TYPES) {
      for (const type of DIAGRAM_TYPES) {
        const data = buildDiagram(analyze({ text: REPRESENTATIVE[source].en }), { type });
        expect(data.type).toBe(type);
        expect(DiagramData.safeParse(data).success).toBe(true);
      }
    }
  });

  it("builds decisions with yes and no branches for a flowchart", () => {
    const data = buildDiagram(analyze({ text: REPRESENTATIVE.flowchart.en }), { type: "auto" });
    expect(data.type).toBe("flowchart");
    const decisions = data.nodes.filter((n) => n.kind === "decision");
    expect(decisions.length).toBeGreaterThanOrEqual(2);
    for (const decision of decisions) {
      const kinds = data.edges
        .filter((e) => e.from === decision.id)
        .map((e) => e.kind)
        .sort();
      expect(kinds).toEqual(["no", "yes"]);
    }
  });

  it("hangs items under the parent the talk names (tree) and the topic (mind map)", () => {
    const tree = buildDiagram(analyze({ text: REPRESENTATIVE.tree.ja }), { type: "tree" });
    const parentOf = (label: string) => {
      const child = tree.nodes.find((n) => n.label === label)!;
      return tree.nodes.find((n) => n.id === tree.edges.find((e) => e.to === child.id)?.from)?.label;
    };
    expect(parentOf("タブレット")).toBe("ハードウェア");
    expect(parentOf("ゲーム")).toBe("ソフトウェア");
    const map = buildDiagram(analyze({ text: REPRESENTATIVE.mindmap.en }), { type: "mindmap" });
    const branch = map.nodes.find((n) => n.label === "Music")!;
    expect(map.edges.filter((e) => e.from === branch.id)).toHaveLength(3);
  });

  it("puts each event's time on it (timeline) and each cell on its grid (matrix)", () => {
    const timeline = buildDiagram(analyze({ text: REPRESENTATIVE.timeline.ja }), { type: "timeline" });
    expect(timeline.nodes.map((n) => n.time)).toEqual(["1850年", "1901年", "1965年", "2010年"]);
    const matrix = buildDiagram(analyze({ text: REPRESENTATIVE.matrix.en }), { type: "matrix" });
    const cells = matrix.nodes.filter((n) => n.kind === "cell").map((n) => `${n.row},${n.column}`);
    expect(new Set(cells)).toEqual(new Set(["1,1", "1,2", "2,1", "2,2"]));
  });

  it("ties nodes to the scenes that say them, and scenes back to their nodes", () => {
    const data = buildDiagram(analyze({ text: REPRESENTATIVE.flow.en }), { type: "flow" });
    for (const node of data.nodes)
      for (const sceneId of node.sceneIds)
        expect(data.scenes.find((s) => s.id === sceneId)!.nodeIds).toContain(node.id);
    expect(data.nodes.every((n) => n.sceneIds.length > 0)).toBe(true);
  });

  it("respects maxNodes and uses the caller's title", () => {
    const long = Array.from({ length: 40 }, (_, i) => `Then step ${i + 1} happens.`).join(" ");
    const data = buildDiagram(analyze({ text: long }), { type: "flow", maxNodes: 8, title: "Forty steps" });
    expect(data.nodes.length).toBeLessThanOrEqual(8);
    expect(data.title).toBe("Forty steps");
  });

  it("rejects documents with dangling references or unsafe ids", () => {
    const data = buildDiagram(analyze({ text: REPRESENTATIVE.flow.en }), { type: "flow" });
    expect(
      DiagramData.safeParse({ ...data, edges: [{ id: "e1", from: "n1", to: "nope", kind: "sequence" }] }).success,
    ).toBe(false);
    expect(DiagramData.safeParse({ ...data, nodes: [{ ...data.nodes[0]!, id: 'x" onload="' }] }).success).toBe(false);
    expect(DiagramData.safeParse({ ...data, version: 2 }).success).toBe(false);
  });
});
