/**
 * Removes, from a flattened scene (resvg's normalised SVG), the isolated groups that lie wholly
 * outside the rectangle about to be rendered. resvg-js 2.6.2 aborts the whole process when it
 * renders such a group (a clip path, mask, filter or group opacity: an arrowhead, a translucent
 * label plate) entirely off the canvas: its fit_to_rect unwraps an empty rectangle. What is
 * removed would not have been visible anyway.
 *
 * The normalised SVG is regular: absolute path data (M, L, C, Q, Z, every number part of an
 * x y pair) and transforms as matrix(a b c d e f), so bounds come from the numbers themselves
 * (control points included, which only makes them larger, never wrongly smaller).
 */
import type { Rect } from "./camera.ts";

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
const ISOLATING = /\s(?:clip-path|mask|filter|opacity)="/;
/** Keeps a group that reaches this close to the canvas: a rounding margin, in user units. */
const MARGIN = 2;

function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[2] * b[1],
    a[1] * b[0] + a[3] * b[1],
    a[0] * b[2] + a[2] * b[3],
    a[1] * b[2] + a[3] * b[3],
    a[0] * b[4] + a[2] * b[5] + a[4],
    a[1] * b[4] + a[3] * b[5] + a[5],
  ];
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];
}

function numbers(text: string): number[] {
  return (text.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
}

function transformOf(attributes: string): Matrix {
  const value = attribute(attributes, "transform");
  const matrix = value && /matrix\(([^)]*)\)/.exec(value)?.[1];
  const parts = matrix ? numbers(matrix) : [];
  return parts.length === 6 ? (parts as Matrix) : IDENTITY;
}

interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function grow(bounds: Bounds | null, x: number, y: number, pad: number): Bounds {
  if (!bounds) return { left: x - pad, top: y - pad, right: x + pad, bottom: y + pad };
  return {
    left: Math.min(bounds.left, x - pad),
    top: Math.min(bounds.top, y - pad),
    right: Math.max(bounds.right, x + pad),
    bottom: Math.max(bounds.bottom, y + pad),
  };
}

/** The bounds, in root user units, of one shape element's geometry under `matrix`. */
function shapeBounds(attributes: string, matrix: Matrix): Bounds | null {
  const points: Array<[number, number]> = [];
  const d = attribute(attributes, "d");
  if (d) {
    const values = numbers(d);
    for (let i = 0; i + 1 < values.length; i += 2) points.push([values[i] ?? 0, values[i + 1] ?? 0]);
  }
  const [x, y, width, height] = ["x", "y", "width", "height"].map((name) => Number(attribute(attributes, name) ?? NaN));
  if ([x, y, width, height].every((v) => v !== undefined && Number.isFinite(v))) {
    points.push([x ?? 0, y ?? 0], [(x ?? 0) + (width ?? 0), (y ?? 0) + (height ?? 0)]);
  }
  const stroke =
    attribute(attributes, "stroke") !== "none" && attribute(attributes, "stroke") !== undefined
      ? Number(attribute(attributes, "stroke-width") ?? 1)
      : 0;
  const scale = Math.sqrt(Math.abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]));
  let bounds: Bounds | null = null;
  for (const [px, py] of points)
    bounds = grow(
      bounds,
      matrix[0] * px + matrix[2] * py + matrix[4],
      matrix[1] * px + matrix[3] * py + matrix[5],
      (stroke * scale) / 2,
    );
  return bounds;
}

function merge(a: Bounds | null, b: Bounds | null): Bounds | null {
  if (!a) return b;
  if (!b) return a;
  return {
    left: Math.min(a.left, b.left),
    top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right),
    bottom: Math.max(a.bottom, b.bottom),
  };
}

interface Open {
  name: string;
  matrix: Matrix;
  isolated: boolean;
  start: number;
  bounds: Bounds | null;
  inDefs: boolean;
}

/** `flat` without the isolated groups that lie wholly outside `rect` (in its user units). */
export function cullOutside(flat: string, rect: Rect): string {
  const visible = (bounds: Bounds | null) =>
    bounds !== null &&
    bounds.right > rect.x + MARGIN &&
    bounds.left < rect.x + rect.width - MARGIN &&
    bounds.bottom > rect.y + MARGIN &&
    bounds.top < rect.y + rect.height - MARGIN;
  const stack: Open[] = [];
  const cuts: Array<[number, number]> = [];
  for (const match of flat.matchAll(TAG)) {
    const [whole, closing, name = "", attributes = "", selfClosing] = match;
    const index = match.index ?? 0;
    const parent = stack.at(-1);
    if (closing) {
      const open = stack.pop();
      if (!open) continue;
      const end = index + whole.length;
      const top = stack.at(-1);
      if (open.isolated && !open.inDefs && !visible(open.bounds)) cuts.push([open.start, end]);
      else if (top) top.bounds = merge(top.bounds, open.bounds);
      continue;
    }
    const matrix = multiply(parent?.matrix ?? IDENTITY, transformOf(attributes));
    const inDefs = (parent?.inDefs ?? false) || name === "defs" || name === "clipPath" || name === "mask";
    const isolated = name === "g" && ISOLATING.test(attributes);
    const own = inDefs ? null : shapeBounds(attributes, matrix);
    if (selfClosing) {
      if (isolated && !visible(own)) cuts.push([index, index + whole.length]);
      else if (parent) parent.bounds = merge(parent.bounds, own);
      continue;
    }
    stack.push({ name, matrix, isolated, start: index, bounds: name === "svg" ? null : own, inDefs });
  }
  if (cuts.length === 0) return flat;
  // Nested cuts lie inside an outer cut that removes them anyway; keep the outermost ones.
  cuts.sort((a, b) => a[0] - b[0]);
  let result = "";
  let position = 0;
  for (const [start, end] of cuts) {
    if (start < position) continue;
    result += flat.slice(position, start);
    position = end;
  }
  return result + flat.slice(position);
}
