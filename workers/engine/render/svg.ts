/**
 * renderSvg(): a self-contained SVG of a laid-out diagram: title and description for assistive
 * technology, a CJK-first font stack, inline colours (no stylesheet, so every rasteriser agrees),
 * arrowhead markers, and ids derived from the content, so the same input is the same bytes and
 * two diagrams inlined in one page never share an id.
 */
import type { Decoration, LaidOutDiagram, LaidOutEdge, LaidOutNode, TextBlock, Theme } from "../layout/types";
import { describe } from "./describe";
import { type RevealOptions, type Visibility, visibility } from "./reveal";
import { type Palette, paletteOf } from "./theme";
import { contentHash, escapeXml, num } from "./xml";

export interface RenderOptions extends RevealOptions {
  theme?: Theme;
}

const FONT_FAMILY = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif";
// Baseline offset that centres a line of text vertically without relying on dominant-baseline.
const BASELINE = 0.36;

function text(block: TextBlock, fill: string): string {
  const top = block.y - (block.lines.length * block.lineHeight) / 2;
  const tspans = block.lines
    .map(
      (line, i) =>
        `<tspan x="${num(block.x)}" y="${num(top + block.lineHeight * (i + 0.5) + block.fontSize * BASELINE)}">${escapeXml(line)}</tspan>`,
    )
    .join("");
  const weight = block.bold ? ` font-weight="700"` : "";
  return `<text text-anchor="${block.anchor}" font-size="${num(block.fontSize)}" fill="${fill}"${weight}>${tspans}</text>`;
}

function shape(node: LaidOutNode, fill: string, stroke: string, width: number): string {
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${num(width)}"`;
  const { x, y, width: w, height: h } = node;
  switch (node.shape) {
    case "diamond":
      return `<polygon points="${num(x + w / 2)},${num(y)} ${num(x + w)},${num(y + h / 2)} ${num(x + w / 2)},${num(y + h)} ${num(x)},${num(y + h / 2)}" ${paint}/>`;
    case "ellipse":
      return `<ellipse cx="${num(x + w / 2)}" cy="${num(y + h / 2)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
    default: {
      const radius = node.shape === "stadium" ? h / 2 : node.shape === "rounded" ? 8 : node.shape === "header" ? 4 : 2;
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="${num(radius)}" ${paint}/>`;
    }
  }
}

function renderNode(
  node: LaidOutNode,
  palette: Palette,
  prefix: string,
  seen: Visibility,
  detail: string | undefined,
): string {
  if (!seen.shown(node.id)) return "";
  const colours = palette.node[node.kind];
  const lit = seen.highlighted(node.id);
  const strokeWidth = lit ? 3 : node.kind === "root" ? 2 : 1.5;
  const body = shape(
    node,
    lit ? palette.highlightFill : colours.fill,
    lit ? palette.highlight : colours.stroke,
    strokeWidth,
  );
  const label = text(node.label, lit ? palette.text : colours.text);
  // The full sentence behind a short label, as the tooltip viewers show on hover.
  const tooltip = detail ? `<title>${escapeXml(detail)}</title>` : "";
  return `<g id="${prefix}-n-${node.id}" data-kind="${node.kind}" data-scenes="${node.sceneIds.join(" ")}">${tooltip}${body}${label}</g>`;
}

function renderEdge(edge: LaidOutEdge, palette: Palette, prefix: string, seen: Visibility): string {
  if (!seen.shown(edge.from) || !seen.shown(edge.to)) return "";
  const lit = seen.highlighted(edge.to) && !seen.highlighted(edge.from);
  const colour = lit ? palette.highlight : palette.edge;
  const d = edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${num(p.x)} ${num(p.y)}`).join(" ");
  const marker = edge.arrow ? ` marker-end="url(#${prefix}-arrow${lit ? "-lit" : ""})"` : "";
  const dash = edge.kind === "cycle" ? ` stroke-dasharray="6 4"` : "";
  let label = "";
  if (edge.label) {
    const box = edge.label.box;
    label = `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="3" fill="${palette.plate}" opacity="0.92"/>${text(edge.label, palette.text)}`;
  }
  return `<g id="${prefix}-e-${edge.id}" data-kind="${edge.kind}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="${lit ? 2.5 : 1.5}" stroke-linejoin="round"${marker}${dash}/>${label}</g>`;
}

function renderDecoration(decoration: Decoration, palette: Palette, prefix: string, seen: Visibility): string {
  if ("nodeId" in decoration && decoration.nodeId && !seen.shown(decoration.nodeId)) return "";
  if (decoration.kind === "rect") {
    const fill = decoration.role === "column" ? palette.column : "none";
    return `<rect x="${num(decoration.x)}" y="${num(decoration.y)}" width="${num(decoration.width)}" height="${num(decoration.height)}" rx="${decoration.role === "column" ? 10 : 0}" fill="${fill}" stroke="${palette.cell}" stroke-width="1"/>`;
  }
  if (decoration.kind === "text") return text(decoration.text, palette.muted);
  const width = decoration.role === "axis" ? 2 : 1.5;
  const marker = decoration.arrow ? ` marker-end="url(#${prefix}-axis)"` : "";
  return `<line x1="${num(decoration.x1)}" y1="${num(decoration.y1)}" x2="${num(decoration.x2)}" y2="${num(decoration.y2)}" stroke="${palette.muted}" stroke-width="${width}"${marker}/>`;
}

function marker(id: string, colour: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`;
}

/** The diagram as a standalone SVG document; reveal/highlight options draw one frame of a video. */
export function renderSvg(diagram: LaidOutDiagram, options: RenderOptions = {}): string {
  const theme = options.theme ?? diagram.theme;
  const palette = paletteOf(theme);
  const prefix = `zk${contentHash(JSON.stringify([diagram.data, diagram.width, diagram.height, theme, options.revealUpToScene ?? null, options.highlightScene ?? null]))}`;
  const seen = visibility(diagram, options);
  const detailOf = new Map(diagram.data.nodes.map((n) => [n.id, n.detail]));
  const defs = [
    marker(`${prefix}-arrow`, palette.edge),
    marker(`${prefix}-arrow-lit`, palette.highlight),
    marker(`${prefix}-axis`, palette.muted),
  ].join("");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${diagram.width}" height="${diagram.height}" viewBox="0 0 ${diagram.width} ${diagram.height}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${FONT_FAMILY}" lang="${diagram.data.language}" data-type="${diagram.data.type}">`,
    `<title id="${prefix}-title">${escapeXml(diagram.data.title)}</title>`,
    `<desc id="${prefix}-desc">${escapeXml(describe(diagram.data))}</desc>`,
    `<defs>${defs}</defs>`,
    `<rect width="100%" height="100%" fill="${palette.background}"/>`,
    `<g id="${prefix}-heading">${text(diagram.title, palette.text)}</g>`,
    `<g id="${prefix}-decorations">${diagram.decorations.map((d) => renderDecoration(d, palette, prefix, seen)).join("")}</g>`,
    `<g id="${prefix}-edges">${diagram.edges.map((e) => renderEdge(e, palette, prefix, seen)).join("")}</g>`,
    `<g id="${prefix}-nodes">${diagram.nodes.map((n) => renderNode(n, palette, prefix, seen, detailOf.get(n.id))).join("")}</g>`,
    `</svg>`,
  ];
  return parts.join("\n");
}
