/**
 * A vitest reporter for `npm run test:security`: after the run it prints the OWASP API Security
 * Top 10 (2023) items × the cases that covered each (passed / failed / skipped), from the case
 * titles ("API1:2023 …") or, for the earlier files the suite gathers, from GATHERED.
 * An item no case covered shows 0 and is named on a line of its own, so a gap cannot hide.
 * It also leaves the table in bench/results/security.json for `npm run bench:report`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { Reporter, TestModule } from "vitest/node";
import { GATHERED, itemOf, OWASP_ITEMS, type OwaspItem } from "./workers/security/owasp";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  files: Set<string>;
}

function itemFor(file: string, title: string): OwaspItem | undefined {
  return itemOf(title) ?? GATHERED.find((g) => g.file.test(file) && (!g.title || g.title.test(title)))?.item;
}

/** Writes bench/results/security.json (git-ignored), the Attack section of docs/performance.md. */
function writeResults(started: Date, items: object[], total: object, unmapped: string[]): void {
  const dir = new URL("../bench/results/", import.meta.url);
  const run = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    command: "npm run test:security",
    invoked: process.env.npm_lifecycle_event
      ? `npm run ${process.env.npm_lifecycle_event}`
      : process.argv.slice(1).join(" "),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 1e9),
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL("security.json", dir), `${JSON.stringify({ run, items, total, unmapped }, null, 2)}\n`);
  } catch (error) {
    console.warn(`could not write bench/results/security.json: ${(error as Error).message}`);
  }
}

export default class SecurityReporter implements Reporter {
  private started = new Date();

  onTestRunStart(): void {
    this.started = new Date();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tallies = new Map<OwaspItem, Tally>(
      Object.keys(OWASP_ITEMS).map((k) => [
        k as OwaspItem,
        { passed: 0, failed: 0, skipped: 0, files: new Set<string>() },
      ]),
    );
    const unmapped: string[] = [];
    for (const module of testModules) {
      const file = module.moduleId.split("/").pop() ?? module.moduleId;
      for (const test of module.children.allTests()) {
        const title = test.fullName;
        const item = itemFor(module.moduleId, title);
        if (!item) {
          unmapped.push(`${file} > ${title}`);
          continue;
        }
        const tally = tallies.get(item)!;
        const state = test.result().state;
        if (state === "passed") tally.passed++;
        else if (state === "failed") tally.failed++;
        else tally.skipped++;
        tally.files.add(file.replace(/\.test\.ts$/, ""));
      }
    }
    const rows = [...tallies].map(([item, t]) => [
      `${item}:2023`,
      OWASP_ITEMS[item],
      String(t.passed),
      String(t.failed),
      String(t.skipped),
      [...t.files].sort().join(", "),
    ]);
    const header = ["item", "name", "passed", "failed", "skipped", "files"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
    const out = [
      "",
      "OWASP API Security Top 10 (2023) — cases per item",
      line(header),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...rows.map(line),
    ];
    const total = [...tallies.values()].reduce(
      (sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }),
      { passed: 0, failed: 0, skipped: 0 },
    );
    out.push(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    const uncovered = [...tallies].filter(([, t]) => t.passed === 0).map(([item]) => item);
    if (uncovered.length) out.push(`items with no passing case: ${uncovered.join(", ")}`);
    if (unmapped.length) out.push(`cases naming no item (${unmapped.length}):`, ...unmapped.map((u) => `  ${u}`));
    console.log(out.join("\n"));
    const items = [...tallies].map(([item, t]) => ({
      item: `${item}:2023`,
      name: OWASP_ITEMS[item],
      passed: t.passed,
      failed: t.failed,
      skipped: t.skipped,
      files: [...t.files].sort(),
    }));
    writeResults(this.started, items, total, unmapped);
  }
}
