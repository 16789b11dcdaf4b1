// Builds the web console (web/ → web/dist) with Vite and prints the compressed size of the
// JavaScript a first visit loads: the entry chunk and the chunks it imports statically (lazy
// pages are listed apart). The console's budget is 200 KB gzip for that first load.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WEB = path.join(ROOT, "web");
export const FIRST_LOAD_BUDGET_BYTES = 200 * 1024;

/** Gzip sizes of the built JavaScript: what the first load fetches, and each lazy chunk. */
export function measure(output) {
  const chunks = new Map(output.filter((o) => o.type === "chunk").map((c) => [c.fileName, c]));
  const gz = (name) => gzipSync(readFileSync(path.join(WEB, "dist", name)), { level: 9 }).length;
  const first = new Set();
  const visit = (name) => {
    if (first.has(name)) return;
    first.add(name);
    for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  const firstLoad = [...first].reduce((sum, name) => sum + gz(name), 0);
  const lazy = [...chunks.keys()].filter((name) => !first.has(name)).map((name) => ({ name, gzip: gz(name) }));
  return { firstLoad, firstFiles: [...first], lazy };
}

/** Builds the console; returns the measured sizes. Quiet unless `log` is given. */
export async function buildWeb({ log = console.log } = {}) {
  const result = await build({ configFile: path.join(WEB, "vite.config.ts"), root: WEB, logLevel: "warn" });
  const output = (Array.isArray(result) ? result[0] : result).output;
  const sizes = measure(output);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  log(
    `web console → web/dist: first-load JS ${kb(sizes.firstLoad)} gzip (${sizes.firstFiles.join(", ")}; budget ${kb(FIRST_LOAD_BUDGET_BYTES)})`,
  );
  for (const chunk of sizes.lazy) log(`  lazy ${chunk.name}: ${kb(chunk.gzip)} gzip`);
  if (sizes.firstLoad > FIRST_LOAD_BUDGET_BYTES)
    throw new Error(
      `The console's first load (${kb(sizes.firstLoad)} gzip) is over its ${kb(FIRST_LOAD_BUDGET_BYTES)} budget.`,
    );
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
}
