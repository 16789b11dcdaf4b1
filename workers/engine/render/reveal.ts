/**
 * Which parts of a diagram are visible at a scene, and which are being talked about. A node
 * appears from the first scene that mentions it (nodes tied to no scene, like a root or a
 * header, are there from the start); an edge appears once both its ends have.
 */
import type { LaidOutDiagram } from "../layout/types";

export interface RevealOptions {
  /** Show only what has been said up to and including this scene (id, or 0-based index). */
  revealUpToScene?: string | number;
  /** Emphasise the nodes of this scene (id, or 0-based index). */
  highlightScene?: string | number;
}

export interface Visibility {
  shown(nodeId: string): boolean;
  highlighted(nodeId: string): boolean;
}

function sceneIndex(diagram: LaidOutDiagram, scene: string | number | undefined): number | undefined {
  if (scene === undefined) return undefined;
  if (typeof scene === "number") return Number.isFinite(scene) ? Math.max(-1, Math.floor(scene)) : undefined;
  const index = diagram.data.scenes.findIndex((s) => s.id === scene);
  return index >= 0 ? index : undefined;
}

/** Visibility rules for one frame; with no options everything is shown and nothing highlighted. */
export function visibility(diagram: LaidOutDiagram, options: RevealOptions): Visibility {
  const order = new Map(diagram.data.scenes.map((s, i) => [s.id, i]));
  const upTo = sceneIndex(diagram, options.revealUpToScene);
  const highlight = sceneIndex(diagram, options.highlightScene);
  const highlightId = highlight !== undefined ? diagram.data.scenes[highlight]?.id : undefined;
  const firstScene = new Map(
    diagram.nodes.map((n) => [n.id, Math.min(...n.sceneIds.map((id) => order.get(id) ?? Infinity))]),
  );
  return {
    shown: (id) => upTo === undefined || (firstScene.get(id) ?? Infinity) === Infinity || firstScene.get(id)! <= upTo,
    highlighted: (id) =>
      highlightId !== undefined && (diagram.nodes.find((n) => n.id === id)?.sceneIds.includes(highlightId) ?? false),
  };
}
