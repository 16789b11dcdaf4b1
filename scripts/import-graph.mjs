#!/usr/bin/env node
/**
 * The folder-level import graph of the Worker (workers/<folder>/ and durable-objects/): which
 * folder's code loads which at run time. Type-only imports are left out (they vanish when
 * compiled). docs/architecture.md states the rule this checks: no two folders reach each other,
 * directly or round a loop. `node scripts/import-graph.mjs` prints the edges and any loop;
 * test/unit/import-graph.test.ts fails on a loop.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = /\.(ts|mjs)$/;
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+["'](\.{1,2}\/[^"']+)["']/gm;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** `workers/jobs/x.ts` → "jobs"; `workers/app.ts` → "(root)"; anything under durable-objects/ → "durable-objects". */
export function folderOf(file) {
  const [top, second, ...rest] = path.relative(ROOT, file).split(path.sep);
  // Outside workers/ a top-level folder is one node (durable-objects/, contracts/, containers/).
  if (top !== "workers") return top;
  if (rest.length > 0) return second;
  // `../engine` names a folder's index; `./app` a file at the root.
  return SOURCE.test(second) || ["app", "index"].includes(second) ? "(root)" : second;
}

/** True when every name the statement brings in is `type`-qualified. */
function typeOnly(typeKeyword, clause) {
  if (typeKeyword) return true;
  const braces = clause.match(/^\{([^}]*)\}$/);
  if (!braces) return false;
  const names = braces[1]
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((name) => name.startsWith("type "));
}

/** Map "from -> to" → the import sites that make the edge. */
export function folderEdges() {
  const files = [...sourceFiles(path.join(ROOT, "workers")), ...sourceFiles(path.join(ROOT, "durable-objects"))];
  const edges = new Map();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const [, typeKeyword, clause, specifier] = match;
      if (typeOnly(typeKeyword, clause.trim())) continue;
      const from = folderOf(file);
      const to = folderOf(path.resolve(path.dirname(file), specifier));
      if (from === to) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), `${path.relative(ROOT, file)} imports ${specifier}`]);
    }
  }
  return edges;
}

/** The strongly connected components with more than one folder (Tarjan): each is an import loop. */
export function importLoops(edges = folderEdges()) {
  const next = new Map();
  for (const key of edges.keys()) {
    const [from, to] = key.split(" -> ");
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const loops = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node), index.get(to)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return loops;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const edges = folderEdges();
  for (const [key, sites] of [...edges].sort()) console.log(`${key} (${sites.length})`);
  const loops = importLoops(edges);
  console.log(loops.length === 0 ? "no import loop between folders" : `import loops: ${JSON.stringify(loops)}`);
  process.exitCode = loops.length === 0 ? 0 : 1;
}
