import { describe, expect, it } from "vitest";
import {
  analyze,
  buildDiagram,
  checkLayout,
  DIAGRAM_TYPES,
  diagramQuality,
  type LaidOutDiagram,
  layoutDiagram,
} from "../../../workers/engine/index";
import { wrapText } from "../../../workers/engine/layout/wrap";
import { REPRESENTATIVE } from "./fixtures";

function laidOut(type: (typeof DIAGRAM_TYPES)[number], language: "en" | "ja", direction?: "TB" | "LR"): LaidOutDiagram {
  return layoutDiagram(buildDiagram(analyze({ text: REPRESENTATIVE[type][language] }), { type }), { direction });
}

describe("layoutDiagram + checkLayout", () => {
  for (const type of DIAGRAM_TYPES) {
    for (const language of ["en", "ja"] as const) {
      it(`lays out a ${type} in ${language} with no overlaps, overflowing labels or edges through nodes`, () => {
        for (const direction of [undefined, "TB", "LR"] as const) {
          const diagram = laidOut(type, language, direction);
          expect(checkLayout(diagram)).toEqual([]);
          expect(diagram.nodes.length).toBe(diagram.data.nodes.length);
          expect(diagram.edges.length).toBe(diagram.data.edges.length);
          expect(diagram.width).toBeGreaterThan(0);
        }
      });
    }
  }

  it("draws every type for every other type's text too (explicit types on unsuitable talk)", () => {
    for (const source of DIAGRAM_TYPES) {
      for (const type of DIAGRAM_TYPES) {
        const diagram = layoutDiagram(
          buildDiagram(analyze({ text: REPRESENTATIVE[source].ja + REPRESENTATIVE[source].en }), { type }),
        );
        expect(checkLayout(diagram), `${source} text as ${type}`).toEqual([]);
      }
    }
  });

  it("reports overlapping nodes, labels outside their box and edges through other nodes", () => {
    const diagram = laidOut("flow", "en", "TB");
    const [a, b, c] = diagram.nodes;
    const broken: LaidOutDiagram = {
      ...diagram,
      nodes: diagram.nodes.map((n) =>
        n.id === b!.id
          ? { ...n, x: a!.x + 5, y: a!.y + 5 }
          : n.id === c!.id
            ? { ...n, labelBox: { ...n.labelBox, width: 4 } }
            : n,
      ),
      edges: [
        ...diagram.edges,
        {
          id: "ex",
          from: a!.id,
          to: c!.id,
          kind: "sequence",
          arrow: true,
          points: [
            { x: a!.x + a!.width / 2, y: a!.y + a!.height },
            { x: c!.x + c!.width / 2, y: c!.y },
          ],
        },
      ],
    };
    const problems = checkLayout(broken).join("\n");
    expect(problems).toContain(`nodes ${a!.id} and ${b!.id} overlap`);
    expect(problems).toContain(`label of ${c!.id} is wider than its box`);
    expect(problems).toMatch(/edge ex passes through n\d+/);
  });

  it("reports a layout's quality: overlaps, crossing edges, long labels, text size at 1080p, unrevealed nodes", () => {
    const diagram = laidOut("flow", "en", "TB");
    const clean = diagramQuality(diagram);
    expect(clean).toMatchObject({ overlaps: 0, edgeCrossings: 0, labelsOverBudget: [], nodesWithoutScene: [] });
    const scale = Math.min(1920 / diagram.width, 1080 / diagram.height);
    const sizes = [diagram.title.fontSize, ...diagram.nodes.map((n) => n.label.fontSize)];
    expect(clean.smallestTextPx).toBeCloseTo(Math.min(...sizes) * scale, 1);

    const [a, b, c, d] = diagram.nodes;
    const mid = (n: typeof a) => ({ x: n!.x + n!.width / 2, y: n!.y + n!.height / 2 });
    const broken: LaidOutDiagram = {
      ...diagram,
      data: {
        ...diagram.data,
        nodes: diagram.data.nodes.map((n) =>
          n.id === c!.id ? { ...n, label: "one two three four five six seven" } : n,
        ),
      },
      nodes: diagram.nodes.map((n) =>
        n.id === b!.id ? { ...n, x: a!.x + 5, y: a!.y + 5 } : n.id === d!.id ? { ...n, sceneIds: [] } : n,
      ),
      // a→c and b→d drawn as an X: they share no node, so they cross.
      edges: [
        {
          id: "x1",
          from: a!.id,
          to: c!.id,
          kind: "sequence",
          arrow: true,
          points: [
            { x: mid(a).x - 50, y: mid(a).y },
            { x: mid(c).x + 50, y: mid(c).y },
          ],
        },
        {
          id: "x2",
          from: b!.id,
          to: d!.id,
          kind: "sequence",
          arrow: true,
          points: [
            { x: mid(a).x + 50, y: mid(a).y },
            { x: mid(c).x - 50, y: mid(c).y },
          ],
        },
      ],
    };
    expect(diagramQuality(broken)).toMatchObject({
      overlaps: 1,
      edgeCrossings: 1,
      labelsOverBudget: [c!.id],
      nodesWithoutScene: [d!.id],
    });
  });

  it("wraps Japanese at phrase boundaries, never inside a word, and keeps kinsoku", () => {
    const text =
      "これは、とても長い日本語の文章で、新人研修に取り組む社員が句読点の位置を確かめるための文章です。さらに続けて、折り返しを何度も起こします。";
    const lines = wrapText(text, 190, 14).lines;
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join("")).toBe(text);
    for (const line of lines) expect(line).not.toMatch(/^[、。」）]/);
    for (const word of ["研修", "取り組む", "句読点"]) expect(lines.some((line) => line.includes(word))).toBe(true);
  });

  it("keeps the labels of a long Japanese talk within 14 characters, each with its sentence as detail", () => {
    const text =
      "これは、とても長い日本語のラベルで、句読点の位置が行頭に来ないことを確かめるための文章です。さらに続けて、折り返しを何度も起こします。";
    const data = buildDiagram(analyze({ text }), { type: "general" });
    for (const node of data.nodes) expect([...node.label].length).toBeLessThanOrEqual(14);
    expect(data.nodes.every((n) => n.detail && text.includes(n.detail))).toBe(true);
    expect(checkLayout(layoutDiagram(data))).toEqual([]);
  });

  it("gives the same layout for the same input", () => {
    expect(JSON.stringify(laidOut("network", "ja"))).toBe(JSON.stringify(laidOut("network", "ja")));
  });
});
