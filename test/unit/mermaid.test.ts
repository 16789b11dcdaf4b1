/**
 * Every diagram type's Mermaid output, parsed by the real Mermaid parser (mermaid.parse) in Node.
 * Mermaid's parsers need no DOM; only its HTML sanitiser, DOMPurify, does, and Mermaid calls it
 * while storing labels. DOMPurify without a window is an object with no addHook/sanitize, so
 * those are filled in with pass-throughs on the very module instance Mermaid imports: sanitising
 * changes how a label is displayed, never whether the source parses, so the grammar check is the
 * real one (and the last test shows it still rejects broken source).
 */
import DOMPurify from "dompurify";
import mermaid from "mermaid";
import { describe, expect, it } from "vitest";
import {
  analyze,
  buildDiagram,
  DIAGRAM_TYPES,
  type DiagramData,
  type DiagramType,
  toMermaid,
} from "../../workers/engine/index";

Object.assign(DOMPurify, {
  sanitize: (text: string) => text,
  addHook: () => {},
  removeHook: () => {},
  removeHooks: () => {},
  removeAllHooks: () => {},
});

const EN = `Let me explain how we handle a ticket. First the agent checks whether the customer pays. If they do, the ticket goes to the priority queue. Otherwise it goes to the general queue. In 2012 we started; in 2015 we grew. The cycle repeats.`;
const JA = `問い合わせの対応を説明します。まずお客様が有料プランかどうかを確認します。有料プランなら優先キューに入れます。そうでなければ通常キューに入れます。2012年に始めて、2015年に拡大しました。これを繰り返します。`;
const HOSTILE = `"Quotes" & <tags> #hash; %%comment \`tick\` [brackets] {braces} (parens) |pipes| end --> graph: colon; semi — 終わり「括弧」。\\back\\slash. Then: title section timeline.`;

function diagram(text: string, type: DiagramType): DiagramData {
  return buildDiagram(analyze({ text }), { type });
}

async function parses(source: string): Promise<void> {
  await expect(mermaid.parse(source)).resolves.toBeTruthy();
}

describe("toMermaid", () => {
  for (const type of DIAGRAM_TYPES) {
    for (const [language, text] of [
      ["en", EN],
      ["ja", JA],
      ["hostile", HOSTILE],
    ] as const) {
      it(`${type} (${language}) parses with the real Mermaid parser`, async () => {
        const source = toMermaid(diagram(text, type));
        await parses(source);
      });
    }
  }

  it("chooses the nearest diagram kind Mermaid has", () => {
    const kinds = Object.fromEntries(DIAGRAM_TYPES.map((type) => [type, toMermaid(diagram(EN, type)).split("\n")[0]]));
    expect(kinds.timeline).toBe("timeline");
    expect(kinds.mindmap).toBe("mindmap");
    for (const type of [
      "flow",
      "flowchart",
      "tree",
      "cycle",
      "network",
      "conceptmap",
      "matrix",
      "comparison",
      "general",
    ])
      expect(kinds[type]).toMatch(/^flowchart (TD|LR)$/);
  });

  it("keeps hostile labels inside their quotes", () => {
    const source = toMermaid(diagram(HOSTILE, "flow"));
    for (const line of source.split("\n").slice(1)) expect(line.split('"').length % 2).toBe(1);
    expect(source).not.toMatch(/<tags>|%%/);
  });

  it("rejects what is not Mermaid, so the checks above mean something", async () => {
    await expect(mermaid.parse('flowchart TD\n  a["unterminated --> b')).rejects.toThrow();
    await expect(mermaid.parse("timeline\n  title x\n  2020 : a : b : #")).resolves.toBeTruthy();
  });
});
