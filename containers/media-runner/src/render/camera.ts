/**
 * The camera in whole frames: the manifest's holds (rectangles of the scene SVGs, in their user
 * units) become spans that cover every frame of the video, with an eased move wherever two holds
 * leave a gap between them. Pure, so the bench and the tests plan exactly what the runner draws.
 *
 * A move interpolates the centre linearly and the width geometrically (a zoom feels even when
 * each frame scales by the same factor), both along smoothstep, so it starts and ends at rest.
 * Every rectangle has the frame's aspect ratio: the frame shows it exactly, never stretched.
 */
import type { CameraHold } from "../protocol.ts";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type CameraSpan =
  | { kind: "hold"; from: number; to: number; rect: Rect }
  /** Frames [from, to) travel from `start` (the frame before `from`) to `end` (the frame at `to`). */
  | { kind: "move"; from: number; to: number; start: Rect; end: Rect };

export type MoveSpan = Extract<CameraSpan, { kind: "move" }>;

/** `rect` grown around its centre to `aspect` (width / height), so nothing asked for is cut off. */
export function toAspect(rect: Rect, aspect: number): Rect {
  const width = Math.max(rect.width, rect.height * aspect);
  const height = width / aspect;
  return { x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width, height };
}

function sameRect(a: Rect, b: Rect): boolean {
  const tolerance = Math.max(a.width, b.width) * 1e-6;
  return (
    Math.abs(a.x - b.x) <= tolerance &&
    Math.abs(a.y - b.y) <= tolerance &&
    Math.abs(a.width - b.width) <= tolerance &&
    Math.abs(a.height - b.height) <= tolerance
  );
}

/**
 * Spans covering frames [0, totalFrames). Without holds the whole scene (`fit`) is shown. Holds
 * are rounded to frames; one rounded to nothing is still passed through on the way, and two
 * holds that touch cut from one to the other.
 */
export function planCamera(
  holds: readonly CameraHold[] | undefined,
  fit: Rect,
  fps: number,
  totalFrames: number,
  aspect: number,
): CameraSpan[] {
  const framed = (holds ?? [])
    .map((hold) => ({
      from: Math.round(hold.start * fps),
      to: Math.round(hold.end * fps),
      rect: toAspect(hold, aspect),
    }))
    .filter((hold) => hold.from < totalFrames);
  const first = framed[0];
  const last = framed.at(-1);
  if (!first || !last) return [{ kind: "hold", from: 0, to: totalFrames, rect: toAspect(fit, aspect) }];
  first.from = 0;
  last.to = totalFrames;
  const spans: CameraSpan[] = [];
  const hold = (from: number, to: number, rect: Rect) => {
    const previous = spans.at(-1);
    if (previous?.kind === "hold" && previous.to === from && sameRect(previous.rect, rect)) previous.to = to;
    else spans.push({ kind: "hold", from, to, rect });
  };
  let cursor = { frame: 0, rect: first.rect };
  for (const target of framed) {
    const from = Math.max(target.from, cursor.frame);
    const to = Math.max(Math.min(target.to, totalFrames), from);
    if (from > cursor.frame) {
      if (sameRect(cursor.rect, target.rect)) hold(cursor.frame, from, cursor.rect);
      else spans.push({ kind: "move", from: cursor.frame, to: from, start: cursor.rect, end: target.rect });
    }
    if (to > from) hold(from, to, target.rect);
    cursor = { frame: to, rect: target.rect };
  }
  return spans;
}

/** Smoothstep: no velocity at either end, so a move never starts or stops with a jolt. */
export function ease(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return p * p * (3 - 2 * p);
}

/** How far along its move `frame` is, before easing: the frame before the move is 0, the frame after is 1. */
export function moveProgress(move: MoveSpan, frame: number): number {
  return (frame - move.from + 1) / (move.to - move.from + 1);
}

/** The rectangle shown at `frame`. */
export function rectAt(span: CameraSpan, frame: number): Rect {
  if (span.kind === "hold") return span.rect;
  const e = ease(moveProgress(span, frame));
  const { start, end } = span;
  const width = start.width * (end.width / start.width) ** e;
  const height = width * (start.height / start.width);
  const cx = start.x + start.width / 2 + (end.x + end.width / 2 - start.x - start.width / 2) * e;
  const cy = start.y + start.height / 2 + (end.y + end.height / 2 - start.y - start.height / 2) * e;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/** The smallest rectangle holding every one of `rects`. */
export function union(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
