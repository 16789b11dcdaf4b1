// Diagram row: the 図解 engine end to end (analyse → detect + build → lay out → render SVG) on a
// 2,000-character transcript in Japanese and in English, against a baseline of segmenting the
// same text into words with Intl.Segmenter (the least any text analysis does); plus the gzip
// size of the whole Worker bundle (wrangler's dry-run output) against the bare Hono baseline,
// and of the engine's own share of it (with dagre, without the zod the API already ships). The engine runs in Node's V8 here: same engine as workerd, no I/O.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT } from "../scripts/local-platform.mjs";
import { percentile, printTable } from "./lib/load.mjs";
import { bundleWorker } from "./lib/workerd.mjs";

const ITERATIONS = Number(process.env.BENCH_DIAGRAM_ITERATIONS ?? 300);
const WARMUP = 30;
const TARGET_CHARS = 2_000;

/** About 2,000 characters of talk: the labelled set's monologues of one language, whole sentences. */
function transcript(cases, language) {
  let text = "";
  for (const c of cases.filter((x) => x.language === language)) {
    if (text.length >= TARGET_CHARS) break;
    text += (text && language === "en" ? " " : "") + c.text;
  }
  return text.slice(0, TARGET_CHARS);
}

function timed(iterations, work) {
  for (let i = 0; i < WARMUP; i++) work();
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function bundleEngine(dir) {
  const outfile = path.join(dir, "engine.mjs");
  await build({
    entryPoints: [path.join(ROOT, "workers/engine/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    minify: true,
    outfile,
    logLevel: "silent",
  });
  // Its own weight: zod is shared with the rest of the Worker, so it is left out of this figure.
  const ownFile = path.join(dir, "engine-own.mjs");
  await build({
    entryPoints: [path.join(ROOT, "workers/engine/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    minify: true,
    external: ["zod"],
    outfile: ownFile,
    logLevel: "silent",
  });
  const evalFile = path.join(dir, "cases.mjs");
  await build({
    entryPoints: [path.join(ROOT, "workers/engine/eval/cases.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: evalFile,
    logLevel: "silent",
  });
  return {
    engine: await import(pathToFileURL(outfile).href),
    cases: (await import(pathToFileURL(evalFile).href)).EVAL_CASES,
    engineGzip: gzipSync(readFileSync(ownFile)).length,
  };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function benchDiagram() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-diagram-"));
  try {
    const { engine, cases, engineGzip } = await bundleEngine(dir);
    const rows = [];
    for (const language of ["ja", "en"]) {
      const text = transcript(cases, language);
      const segmenter = new Intl.Segmenter(language, { granularity: "word" });
      const base = timed(ITERATIONS, () => [...segmenter.segment(text)].length);
      let nodes = 0;
      let type = "";
      const ours = timed(ITERATIONS, () => {
        const analysis = engine.analyze({ text });
        const data = engine.buildDiagram(analysis, { type: "auto" });
        const svg = engine.renderSvg(engine.layoutDiagram(data));
        nodes = data.nodes.length;
        type = data.type;
        return svg.length;
      });
      rows.push([
        `baseline: Intl.Segmenter words (${language})`,
        text.length,
        "-",
        base.p50.toFixed(2),
        base.p99.toFixed(2),
        "1.00",
      ]);
      rows.push([
        `analyse+build+layout+SVG (${language})`,
        text.length,
        `${type}/${nodes}`,
        ours.p50.toFixed(2),
        ours.p99.toFixed(2),
        (ours.p50 / base.p50).toFixed(1),
      ]);
    }
    printTable(
      `Diagram engine, ${ITERATIONS} runs after ${WARMUP} warm-up (ms)`,
      ["work", "chars", "type/nodes", "median", "p99", "ratio"],
      rows,
    );

    const ours = gzipSync(readFileSync(bundleWorker(path.join(ROOT, "wrangler.toml"), path.join(dir, "zukai")))).length;
    const base = gzipSync(
      readFileSync(bundleWorker(path.join(ROOT, "bench/baseline/wrangler.toml"), path.join(dir, "baseline"))),
    ).length;
    printTable(
      "Worker bundle, gzip of index.js (wrangler deploy --dry-run)",
      ["bundle", "gzip", "ratio"],
      [
        ["baseline: Hono hello", kb(base), "1.00"],
        ["zukai Worker (workers/index.ts)", kb(ours), (ours / base).toFixed(1)],
        ["diagram engine + dagre, without zod (esbuild, minified)", kb(engineGzip), (engineGzip / base).toFixed(1)],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
