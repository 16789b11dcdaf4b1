/**
 * Hostile input: the engine must return, with bounded output, for anything. The analysed text is
 * capped at MAX_ANALYZED_CHARS, every scanner is linear, and each test has the file's timeout as
 * its bound (tests do not assert timings; bench/diagram.mjs measures them).
 */
import { describe, expect, it } from "vitest";
import {
  analyze,
  buildDiagram,
  checkLayout,
  DiagramData,
  layoutDiagram,
  MAX_ANALYZED_CHARS,
  renderSvg,
  toMermaid,
} from "../../../workers/engine/index";
import { wellFormedProblems } from "./xml-check";

function endToEnd(text: string, type: "auto" | "flowchart" | "network" | "mindmap" = "auto") {
  const analysis = analyze({ text });
  const data = buildDiagram(analysis, { type });
  const laidOut = layoutDiagram(data);
  const svg = renderSvg(laidOut);
  return { analysis, data, laidOut, svg, mermaid: toMermaid(data) };
}

const HOSTILE: Record<string, string> = {
  "1 MB of one letter": "a".repeat(1_000_000),
  "1 MB of one kanji": "漢".repeat(1_000_000),
  "deeply repeated punctuation": "!?.。、,;:".repeat(50_000),
  "only dots": ".".repeat(300_000),
  "nested brackets": "「(".repeat(100_000) + ")」".repeat(100_000),
  "control characters": Array.from({ length: 100_000 }, (_, i) => `${String.fromCharCode(i % 32)}x`).join(""),
  "lone surrogates and bidi overrides": "\ud800\u202e\udc00abc\u2066".repeat(50_000),
  "mixed scripts": "Hello世界こんにちはПриветمرحبا😀🎉 if そして then 1999年 versus 比べ。".repeat(5_000),
  "ReDoS-shaped: spaces then no end": `${"a ".repeat(100_000)}!`,
  "ReDoS-shaped: if without comma": `If ${"x".repeat(150_000)}`,
  "ReDoS-shaped: whether chains": "whether whether ".repeat(20_000),
  "ReDoS-shaped: Japanese conditions": "場合は、なら、れば、".repeat(20_000),
  "ReDoS-shaped: colon and commas": `${"a, ".repeat(60_000)}: b and c`,
  "one giant sentence": `First ${"word ".repeat(40_000)}.`,
  "many tiny sentences": "A. ".repeat(100_000),
  "numbers and dates": "In 2012, 3.5. On 4月1日 at 5:30 pm 2013年。".repeat(10_000),
};

describe("hostile input", () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`survives ${name}`, () => {
      const { analysis, data, laidOut, svg, mermaid } = endToEnd(text);
      expect(analysis.text.length).toBeLessThanOrEqual(MAX_ANALYZED_CHARS);
      expect(() => DiagramData.parse(data)).not.toThrow();
      expect(checkLayout(laidOut)).toEqual([]);
      expect(wellFormedProblems(svg)).toEqual([]);
      expect(svg.length).toBeLessThan(2_000_000);
      expect(mermaid.length).toBeLessThan(200_000);
    });
  }

  it("says when it cut the input", () => {
    expect(analyze({ text: "word ".repeat(100_000) }).truncated).toBe(true);
    expect(analyze({ text: "A short talk." }).truncated).toBe(false);
  });

  it("takes broken segments without failing", () => {
    const segments = [
      { start: Number.NaN, end: -5, text: "First we start." },
      { start: 10, end: 2, text: "Then we go on." },
      { start: 1e12, end: Infinity, text: "Finally we end." },
      { start: 3, end: 4, text: 42 as unknown as string },
    ];
    const analysis = analyze({ text: "", segments });
    expect(analysis.sentences).toHaveLength(3);
    for (const scene of analysis.scenes) {
      expect(scene.end).toBeGreaterThanOrEqual(scene.start);
      expect(Number.isFinite(scene.end)).toBe(true);
    }
    expect(() => DiagramData.parse(buildDiagram(analysis, { type: "flow" }))).not.toThrow();
  });

  it("draws forced structured types from unstructured noise", () => {
    for (const type of ["flowchart", "network", "mindmap"] as const) {
      const { laidOut } = endToEnd("Lorem ipsum dolor sit amet. ".repeat(2_000), type);
      expect(checkLayout(laidOut)).toEqual([]);
    }
  });
});
