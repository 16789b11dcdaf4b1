/**
 * `npm run eval`: the content evaluation. For each part (tuned, held-out) it prints the mean of
 * every check, the overall share of checks met and the type agreement per language; for the
 * tuned part also each talk's scores. `npm run eval -- --show <id>` prints one tuned talk's
 * diagram next to what was expected. The held-out part prints aggregates only, so nobody tunes
 * against its misses. The type-only labelled sets (110 + 22 talks) are summarised at the end.
 */
import { analyze } from "../../analysis/analyze";
import { detectType } from "../../detect/detect-type";
import { EVAL_CASES } from "../cases";
import { HELD_OUT_CASES } from "../held-out";
import { HELD_OUT_CONTENT_CASES, TUNED_CASES } from "./cases";
import { type CaseScores, CHECKS, type CheckName, labelProblem, runCase, scoreCase } from "./checks";
import type { ContentCase } from "./content-case";

const pct = (value: number) => `${(100 * value).toFixed(1)}%`.padStart(7);

function summarise(name: string, cases: ContentCase[], perCase: boolean): void {
  const sums = new Map<CheckName, { total: number; count: number }>();
  let checks = 0;
  let met = 0;
  const agree = { en: [0, 0], ja: [0, 0] };
  const lines: string[] = [];
  for (const c of cases) {
    const { data, detected } = runCase(c);
    const scores: CaseScores = scoreCase(c, data, detected);
    for (const check of CHECKS) {
      const score = scores[check];
      if (score === undefined) continue;
      const sum = sums.get(check) ?? { total: 0, count: 0 };
      sums.set(check, { total: sum.total + score, count: sum.count + 1 });
      checks++;
      met += score;
    }
    agree[c.language][0]! += scores.type ?? 0;
    agree[c.language][1]! += 1;
    if (perCase)
      lines.push(
        `  ${c.id.padEnd(28)} ${CHECKS.map((k) => (scores[k] === undefined ? "   -" : String(Math.round(100 * scores[k]!)).padStart(4))).join("")}${detected === c.type ? "" : `  (detected ${detected})`}`,
      );
  }
  console.log(`\n${name}: ${cases.length} talks (${agree.en[1]} en, ${agree.ja[1]} ja)`);
  for (const check of CHECKS) {
    const sum = sums.get(check);
    if (sum) console.log(`  ${check.padEnd(10)} ${pct(sum.total / sum.count)}  over ${sum.count} talks`);
  }
  console.log(`  overall    ${pct(met / checks)}  of ${checks} checks`);
  const both = (agree.en[0]! + agree.ja[0]!) / cases.length;
  console.log(`  type agreement ${pct(both)}  (en ${agree.en[0]}/${agree.en[1]}, ja ${agree.ja[0]}/${agree.ja[1]})`);
  if (perCase)
    console.log(`  ${"talk".padEnd(28)} ${CHECKS.map((k) => k.slice(0, 4).padStart(4)).join("")}\n${lines.join("\n")}`);
}

function typeOnly(name: string, cases: { text: string; expected: string }[]): void {
  const agreed = cases.filter((c) => detectType(analyze({ text: c.text })).type === c.expected).length;
  console.log(`  ${name.padEnd(44)} ${pct(agreed / cases.length)}  (${agreed}/${cases.length})`);
}

function show(id: string): void {
  const c = TUNED_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no tuned talk ${id} (held-out talks are not shown)`);
  const { data, detected } = runCase(c);
  console.log(`${c.id}: ${c.type}, detected ${detected}\ntitle: ${data.title}   (expected ${c.title})`);
  for (const node of data.nodes) {
    const where = [node.time, node.row !== undefined ? `r${node.row}c${node.column}` : undefined]
      .filter(Boolean)
      .join(" ");
    const problem = labelProblem(node.label, c.language);
    console.log(
      `  ${node.id.padEnd(4)} ${node.kind.padEnd(8)} ${where.padEnd(10)} ${node.label}${problem ? `   [${problem}]` : ""}`,
    );
  }
  for (const edge of data.edges)
    console.log(`  ${edge.from} -${edge.kind}${edge.label ? `(${edge.label})` : ""}-> ${edge.to}`);
  console.log(`expected items: ${c.items.join(" / ")}`);
  console.log(JSON.stringify(scoreCase(c, data, detected)));
}

// The Worker's type set has no Node globals; this script only ever runs under Node (tsx).
const argv = (globalThis as { process?: { argv: string[] } }).process?.argv ?? [];
const at = argv.indexOf("--show");
if (at >= 0) show(argv[at + 1] ?? "");
else {
  console.log(
    "Content evaluation (checks per talk: type, title, items, precision, order, hierarchy, headers, cells, dates, links, labels, detail)",
  );
  summarise("Tuned part", TUNED_CASES, true);
  summarise("Held-out part (written before tuning, never tuned on)", HELD_OUT_CONTENT_CASES, false);
  console.log("\nType-only labelled sets (detector agreement)");
  typeOnly("main set, used while developing the detector", EVAL_CASES);
  typeOnly("held-out set, written after it was frozen", HELD_OUT_CASES);
}
