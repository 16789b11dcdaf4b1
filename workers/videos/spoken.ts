/**
 * What is being said in a scene, as text on the diagram: the labels of the scene's nodes (the ones
 * the video highlights), the labels of the edges between what is said (a concept map's verbs),
 * and the texts tied to those nodes (a timeline's dates). The camera keeps each of these at a
 * readable size while its scene plays; tests measure them in the rendered frames.
 */
import type { LaidOutDiagram, Rect, TextBlock } from "../engine/layout/types";
import { visibility } from "../engine/render/reveal";

export interface SpokenText {
  /** The scene that says it (0-based). */
  scene: number;
  /** The node, edge or decoration the text belongs to. */
  ownerId: string;
  /** The text, lines joined by a space. */
  text: string;
  /** Where the text's lines are drawn, in diagram units. */
  box: Rect;
  /** What the text belongs to (its node's shape), worth keeping in frame with it. */
  context: Rect;
  /** Font size in diagram units: the camera's scale times this is the text's height in pixels. */
  fontSize: number;
  /** The block as laid out, so a test can find each line in the pixels. */
  block: TextBlock;
}

/** The rectangle a text block's lines occupy. */
export function textExtent(block: TextBlock): Rect {
  const height = block.lines.length * block.lineHeight;
  const left =
    block.anchor === "middle" ? block.x - block.width / 2 : block.anchor === "end" ? block.x - block.width : block.x;
  return { x: left, y: block.y - height / 2, width: block.width, height };
}

function spoken(scene: number, ownerId: string, block: TextBlock, context: Rect): SpokenText {
  return {
    scene,
    ownerId,
    text: block.lines.join(" "),
    box: textExtent(block),
    context,
    fontSize: block.fontSize,
    block,
  };
}

/** The texts said in scene `sceneIndex` (0-based), in the order the scene names its nodes. */
export function spokenTexts(diagram: LaidOutDiagram, sceneIndex: number): SpokenText[] {
  const scene = diagram.data.scenes[sceneIndex];
  if (!scene) return [];
  const seen = visibility(diagram, { revealUpToScene: sceneIndex, highlightScene: sceneIndex });
  const order = new Map(scene.nodeIds.map((id, index) => [id, index]));
  const nodes = diagram.nodes
    .filter((node) => seen.highlighted(node.id) && seen.shown(node.id))
    .sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  const said = new Set(nodes.map((node) => node.id));
  const texts: SpokenText[] = [];
  for (const node of nodes) {
    if (node.label.lines.length > 0) texts.push(spoken(sceneIndex, node.id, node.label, node));
    for (const decoration of diagram.decorations) {
      if (decoration.kind === "text" && decoration.nodeId === node.id)
        texts.push(spoken(sceneIndex, node.id, decoration.text, textExtent(decoration.text)));
    }
  }
  for (const edge of diagram.edges) {
    // The edges the video draws lit (into what is said) and those between two things said.
    if (!edge.label || !seen.shown(edge.from) || !seen.shown(edge.to) || !said.has(edge.to)) continue;
    texts.push(spoken(sceneIndex, edge.id, edge.label, edge.label.box));
  }
  return texts;
}

/** Everything drawn at scene `sceneIndex`: the title and the nodes and labels revealed so far. */
export function shownBounds(diagram: LaidOutDiagram, sceneIndex: number): Rect {
  const seen = visibility(diagram, { revealUpToScene: sceneIndex });
  const rects: Rect[] = [textExtent(diagram.title), ...diagram.nodes.filter((node) => seen.shown(node.id))];
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  return {
    x: left,
    y: top,
    width: Math.max(...rects.map((r) => r.x + r.width)) - left,
    height: Math.max(...rects.map((r) => r.y + r.height)) - top,
  };
}
