/** Colours of the light and dark themes, chosen for contrast ≥ 4.5:1 between text and its fill. */

import type { Theme } from "../layout/types";
import { NODE_KINDS, type NodeKind } from "../schema";

export interface Palette {
  background: string;
  text: string;
  muted: string;
  edge: string;
  plate: string;
  highlight: string;
  highlightFill: string;
  cell: string;
  column: string;
  node: Record<NodeKind, { fill: string; stroke: string; text: string }>;
}

function nodes(
  base: { fill: string; stroke: string; text: string },
  overrides: Partial<Record<NodeKind, { fill: string; stroke: string; text: string }>>,
) {
  return Object.fromEntries(NODE_KINDS.map((k) => [k, overrides[k] ?? base])) as Record<
    NodeKind,
    { fill: string; stroke: string; text: string }
  >;
}

const LIGHT: Palette = {
  background: "#ffffff",
  text: "#1f2933",
  muted: "#52606d",
  edge: "#616e7c",
  plate: "#ffffff",
  highlight: "#d64545",
  highlightFill: "#ffeeee",
  cell: "#cbd2d9",
  column: "#f5f7fa",
  node: nodes(
    { fill: "#f5f7fa", stroke: "#616e7c", text: "#1f2933" },
    {
      start: { fill: "#e3f8ff", stroke: "#0b69a3", text: "#102a43" },
      end: { fill: "#e3f8ff", stroke: "#0b69a3", text: "#102a43" },
      decision: { fill: "#fffbea", stroke: "#b44d12", text: "#1f2933" },
      root: { fill: "#1f4e79", stroke: "#1f4e79", text: "#ffffff" },
      branch: { fill: "#e6f6ff", stroke: "#2680c2", text: "#102a43" },
      header: { fill: "#e4e7eb", stroke: "#9aa5b1", text: "#1f2933" },
      event: { fill: "#f0f4f8", stroke: "#486581", text: "#102a43" },
    },
  ),
};

const DARK: Palette = {
  background: "#0f1720",
  text: "#e4e7eb",
  muted: "#9aa5b1",
  edge: "#9aa5b1",
  plate: "#0f1720",
  highlight: "#ff8080",
  highlightFill: "#4a1f1f",
  cell: "#3e4c59",
  column: "#17212b",
  node: nodes(
    { fill: "#1f2933", stroke: "#9aa5b1", text: "#e4e7eb" },
    {
      start: { fill: "#0b3d5c", stroke: "#47a3f3", text: "#e3f8ff" },
      end: { fill: "#0b3d5c", stroke: "#47a3f3", text: "#e3f8ff" },
      decision: { fill: "#3d2a00", stroke: "#f0b429", text: "#fffbea" },
      root: { fill: "#47a3f3", stroke: "#47a3f3", text: "#0f1720" },
      branch: { fill: "#12344d", stroke: "#62b0e8", text: "#e6f6ff" },
      header: { fill: "#323f4b", stroke: "#7b8794", text: "#f5f7fa" },
      event: { fill: "#243b53", stroke: "#829ab1", text: "#f0f4f8" },
    },
  ),
};

export function paletteOf(theme: Theme): Palette {
  return theme === "dark" ? DARK : LIGHT;
}
