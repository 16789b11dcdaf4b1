import { describe, expect, it } from "vitest";
import { analyze, buildDiagram, DIAGRAM_TYPES, layoutDiagram, renderSvg } from "../../../workers/engine/index";
import { REPRESENTATIVE } from "./fixtures";
import { wellFormedProblems } from "./xml-check";

function svgOf(
  type: (typeof DIAGRAM_TYPES)[number],
  language: "en" | "ja",
  theme: "light" | "dark" = "light",
  reveal: { revealUpToScene?: string | number; highlightScene?: string | number } = {},
) {
  const data = buildDiagram(analyze({ text: REPRESENTATIVE[type][language] }), { type });
  return { data, svg: renderSvg(layoutDiagram(data, { theme }), { theme, ...reveal }) };
}

describe("renderSvg", () => {
  for (const type of DIAGRAM_TYPES) {
    for (const language of ["en", "ja"] as const) {
      it(`renders a well-formed, accessible ${type} in ${language}, identical every time`, () => {
        for (const theme of ["light", "dark"] as const) {
          const { svg, data } = svgOf(type, language, theme);
          expect(wellFormedProblems(svg)).toEqual([]);
          expect(svg).toMatch(
            /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-labelledby="(zk\w+)-title \1-desc"/,
          );
          expect(svg).toContain(`<title id=`);
          expect(svg).toContain(`<desc id=`);
          expect(svg).toContain("font-family=\"'Noto Sans CJK JP', 'Noto Sans JP'");
          expect(svg).toContain(data.nodes[0]!.label.slice(0, 4).replace(/&/g, "&amp;"));
          expect(svgOf(type, language, theme).svg).toBe(svg);
        }
      });
    }
  }

  it("has arrowhead markers on directed edges and different colours per theme", () => {
    const light = svgOf("flow", "en", "light").svg;
    const dark = svgOf("flow", "en", "dark").svg;
    expect(light).toMatch(/<marker id="zk\w+-arrow"/);
    expect(light).toMatch(/marker-end="url\(#zk\w+-arrow\)"/);
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#0f1720"');
  });

  it("reveals the diagram scene by scene and highlights the scene being said", () => {
    const { data } = svgOf("flow", "en");
    const count = (svg: string) => (svg.match(/<g id="zk\w+-n-/g) ?? []).length;
    const frames = data.scenes.map(
      (scene) => svgOf("flow", "en", "light", { revealUpToScene: scene.id, highlightScene: scene.id }).svg,
    );
    for (let i = 1; i < frames.length; i++) expect(count(frames[i]!)).toBeGreaterThanOrEqual(count(frames[i - 1]!));
    expect(count(frames[frames.length - 1]!)).toBe(data.nodes.length);
    expect(count(frames[0]!)).toBeLessThan(data.nodes.length);
    const lit = frames[2]!;
    expect(lit).toContain('stroke-width="3"');
    const byIndex = svgOf("flow", "en", "light", { revealUpToScene: 2, highlightScene: 2 }).svg;
    expect(count(byIndex)).toBe(count(lit));
  });

  it("escapes hostile text everywhere it appears", () => {
    const text = `Title <script>alert(1)</script> & "quotes" 'apos'. Then ]]> and <!-- comment --> and \u0001\u0008 control. Finally \ud800 lone surrogate.`;
    const data = buildDiagram(analyze({ text }), { type: "flow", title: `<svg onload="x"> & title` });
    const svg = renderSvg(layoutDiagram(data));
    expect(wellFormedProblems(svg)).toEqual([]);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<svg onload");
    expect(svg).toContain("&lt;svg onload=&quot;x&quot;&gt; &amp; title");
  });

  it("names the scenes of each node, so a player can sync without parsing the drawing", () => {
    const { svg, data } = svgOf("timeline", "ja");
    for (const node of data.nodes) expect(svg).toContain(`data-scenes="${node.sceneIds.join(" ")}"`);
  });
});
