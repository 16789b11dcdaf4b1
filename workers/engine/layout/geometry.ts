/** Plane geometry for layout and its checks: overlaps, segment–box crossings, shape boundaries. */
import type { NodeShape, Point, Rect } from "./types";

export function rectsOverlap(a: Rect, b: Rect, gap = 0): boolean {
  return (
    a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
  );
}

export function insetRect(rect: Rect, by: number): Rect {
  return {
    x: rect.x + by,
    y: rect.y + by,
    width: Math.max(0, rect.width - 2 * by),
    height: Math.max(0, rect.height - 2 * by),
  };
}

/** Whether the segment p→q passes through the interior of `rect` (Liang–Barsky clipping). */
export function segmentCrossesRect(p: Point, q: Point, rect: Rect): boolean {
  if (rect.width <= 0 || rect.height <= 0) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const sides: [number, number][] = [
    [-dx, p.x - rect.x],
    [dx, rect.x + rect.width - p.x],
    [-dy, p.y - rect.y],
    [dy, rect.y + rect.height - p.y],
  ];
  for (const [denominator, numerator] of sides) {
    if (denominator === 0) {
      if (numerator <= 0) return false;
      continue;
    }
    const t = numerator / denominator;
    if (denominator < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return t1 - t0 > 1e-9;
}

export function polylineCrossesRect(points: Point[], rect: Rect): boolean {
  for (let i = 1; i < points.length; i++) if (segmentCrossesRect(points[i - 1]!, points[i]!, rect)) return true;
  return false;
}

/** Whether a point lies inside (or on) a node's shape drawn in `box`. */
export function insideShape(point: Point, box: Rect, shape: NodeShape, tolerance = 0.5): boolean {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const dx = Math.abs(point.x - cx);
  const dy = Math.abs(point.y - cy);
  const a = box.width / 2;
  const b = box.height / 2;
  if (shape === "diamond") return dx / a + dy / b <= 1 + tolerance / Math.min(a, b);
  if (shape === "ellipse") return (dx / a) ** 2 + (dy / b) ** 2 <= 1 + tolerance / Math.min(a, b);
  return dx <= a + tolerance && dy <= b + tolerance;
}

/** Where the ray from a node's centre towards `toward` leaves its shape. */
export function boundaryPoint(box: Rect, shape: NodeShape, toward: Point): Point {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const a = box.width / 2;
  const b = box.height / 2;
  let scale: number;
  if (shape === "diamond") scale = 1 / (Math.abs(dx) / a + Math.abs(dy) / b);
  else if (shape === "ellipse") scale = 1 / Math.sqrt((dx / a) ** 2 + (dy / b) ** 2);
  else scale = Math.min(dx === 0 ? Infinity : a / Math.abs(dx), dy === 0 ? Infinity : b / Math.abs(dy));
  return { x: round(cx + dx * scale), y: round(cy + dy * scale) };
}

export const round = (n: number) => Math.round(n * 100) / 100;

export function center(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}
