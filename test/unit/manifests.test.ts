/**
 * Each program declares what it runs (npm workspaces): every package a program's code imports is
 * in its own manifest, and none of the Worker's manifest's runtime dependencies is there only for
 * another program — so the runner image, which installs the runner's manifest alone, has all it needs.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+["']([^"'.][^"']*)["']|import\(["']([^"'.][^"']*)["']\)/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : files(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The packages (not node: builtins, not cloudflare: modules) a program's files import at run time. */
function importedPackages(dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of dirs.flatMap((dir) => files(path.join(ROOT, dir)))) {
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (/^(node|cloudflare):/.test(specifier)) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

function manifest(dir: string): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(ROOT, dir, "package.json"), "utf8"));
}

const PROGRAMS = [
  { manifest: ".", code: ["workers", "durable-objects"] },
  { manifest: "containers/media-runner", code: ["containers/media-runner/src"] },
  { manifest: "cli", code: ["cli"] },
  { manifest: "web", code: ["web/src"] },
  { manifest: "contracts", code: ["contracts"] },
];

describe("workspace manifests", () => {
  it.each(PROGRAMS)("$manifest declares every package its code imports", ({ manifest: dir, code }) => {
    const declared = Object.keys(manifest(dir).dependencies ?? {});
    const missing = [...importedPackages(code)].filter((name) => !declared.includes(name));
    expect(missing).toEqual([]);
  });

  it("the Worker's manifest carries no runtime dependency that only another program imports", () => {
    const workerImports = importedPackages(["workers", "durable-objects", "scripts"]);
    const unused = Object.keys(manifest(".").dependencies ?? {}).filter((name) => !workerImports.has(name));
    expect(unused).toEqual([]);
  });
});
