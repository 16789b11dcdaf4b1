/**
 * Agreement of the type detector with the labelled sets in workers/engine/eval: per type and
 * overall for the main set (also split into typical and deliberately hard talks), the same for
 * the held-out set written after the detector was frozen, and every miss. Each case is also
 * built, laid out and checked, so the figure comes with "and it drew cleanly".
 * Run: npx tsx bench/diagram-eval.ts
 */

import { EVAL_CASES, type EvalCase } from "../workers/engine/eval/cases.ts";
import { HELD_OUT_CASES } from "../workers/engine/eval/held-out.ts";
import {
  analyze,
  buildDiagram,
  checkLayout,
  DIAGRAM_TYPES,
  detectType,
  layoutDiagram,
} from "../workers/engine/index.ts";

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(0)}%`.padStart(4);

function evaluate(name: string, cases: EvalCase[]): void {
  const rows = DIAGRAM_TYPES.map((type) => ({ type, total: 0, agree: 0, ja: 0, en: 0 }));
  const misses: string[] = [];
  let acceptable = 0;
  let hard = 0;
  let hardAgree = 0;
  let drawnCleanly = 0;
  for (const c of cases) {
    const analysis = analyze({ text: c.text });
    const detection = detectType(analysis);
    const problems = checkLayout(layoutDiagram(buildDiagram(analysis, { type: "auto" })));
    if (problems.length === 0) drawnCleanly++;
    const row = rows.find((r) => r.type === c.expected)!;
    const agreed = detection.type === c.expected;
    row.total++;
    if (c.hard) hard++;
    if (agreed) {
      row.agree++;
      row[c.language]++;
      if (c.hard) hardAgree++;
      continue;
    }
    if (c.acceptable?.includes(detection.type)) acceptable++;
    misses.push(
      `${c.id.padEnd(30)} ${c.hard ? "hard" : "    "} expected ${c.expected.padEnd(10)} got ${detection.type.padEnd(10)} (${detection.confidence.toFixed(2)}) ${detection.reasons[0]}`,
    );
  }
  const agree = rows.reduce((s, r) => s + r.agree, 0);
  console.log(`\n${name}\ntype        agree  total  rate   ja  en`);
  for (const r of rows)
    console.log(
      `${r.type.padEnd(11)} ${String(r.agree).padStart(5)}  ${String(r.total).padStart(5)}  ${pct(r.agree, r.total)}  ${String(r.ja).padStart(3)} ${String(r.en).padStart(3)}`,
    );
  console.log(
    `overall     ${String(agree).padStart(5)}  ${String(cases.length).padStart(5)}  ${pct(agree, cases.length)}`,
  );
  if (hard)
    console.log(
      `typical     ${String(agree - hardAgree).padStart(5)}  ${String(cases.length - hard).padStart(5)}  ${pct(agree - hardAgree, cases.length - hard)}\nhard        ${String(hardAgree).padStart(5)}  ${String(hard).padStart(5)}  ${pct(hardAgree, hard)}`,
    );
  console.log(
    `misses that were labelled acceptable alternatives: ${acceptable}; laid out with checkLayout empty: ${drawnCleanly}/${cases.length}`,
  );
  if (misses.length) console.log(`misses:\n${misses.join("\n")}`);
}

evaluate(`Main set (${EVAL_CASES.length} talks, used while developing the detector)`, EVAL_CASES);
evaluate(`Held-out set (${HELD_OUT_CASES.length} talks, written after the detector was frozen)`, HELD_OUT_CASES);
