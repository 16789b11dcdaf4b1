/** The folder-level import rule of docs/architecture.md: no two Worker folders reach each other at run time. */
import { describe, expect, it } from "vitest";
import { folderEdges, importLoops } from "../../scripts/import-graph.mjs";

describe("folder import graph", () => {
  it("finds a loop when one exists, however long", () => {
    const edges = new Map([
      ["jobs -> diagrams", ["a"]],
      ["diagrams -> workspaces", ["b"]],
      ["workspaces -> jobs", ["c"]],
      ["jobs -> lib", ["d"]],
    ]);
    expect(importLoops(edges)).toEqual([["diagrams", "jobs", "workspaces"]]);
  });

  it("leaves type-only imports out and sees the real tree's runtime edges", () => {
    const edges = folderEdges();
    expect(edges.get("pipeline -> jobs")?.length).toBeGreaterThan(0);
    expect(edges.has("jobs -> pipeline")).toBe(false);
  });

  it("has no runtime import loop between folders", () => {
    const edges = folderEdges();
    const loops = importLoops(edges).map((loop) =>
      loop.flatMap((from) => loop.flatMap((to) => edges.get(`${from} -> ${to}`) ?? [])),
    );
    expect(loops).toEqual([]);
  });
});
