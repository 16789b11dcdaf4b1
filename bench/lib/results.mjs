// Where a benchmark row leaves its figures for `npm run bench:report` (bench/report.mjs):
// bench/results/<row>.json, holding what the row printed (its tables, as printed) plus the raw
// numbers the report judges against the product plan's targets, and when and where it ran.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../../scripts/local-platform.mjs";

/** The machine a run happens on, as the results files record it. */
export function machine() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 1e9),
  };
}

/**
 * Writes bench/results/<row>.json: { run, tables: [{ title, columns, rows }], notes, figures }.
 * `started` is the row's start (ISO); BENCH_* overrides are kept since they change the figures.
 * Best effort: a row's printed table is its primary output, so a failed write only warns.
 */
export function writeRowResults(row, { started, tables, notes = [], figures = {} }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("BENCH_")));
  const invoked = `node ${path.relative(ROOT, process.argv[1] ?? "")} ${process.argv.slice(2).join(" ")}`.trim();
  const run = {
    started,
    finished: new Date().toISOString(),
    command: `npm run bench -- ${row}`,
    invoked,
    env,
    ...machine(),
  };
  try {
    mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    writeFileSync(
      path.join(ROOT, `bench/results/${row}.json`),
      `${JSON.stringify({ run, tables, notes, figures }, null, 2)}\n`,
    );
  } catch (error) {
    console.warn(`could not write bench/results/${row}.json: ${error.message}`);
  }
}
