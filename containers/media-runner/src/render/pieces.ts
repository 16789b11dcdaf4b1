/**
 * What each scene's stretch of the video is made of, given the camera: pieces of frames, each
 * drawn from one rasterised still. A hold is one still at the frame's size, repeated by ffmpeg at
 * no cost per frame. A move is a larger still of the area it travels over, at the scale of its
 * tightest frame, that ffmpeg's zoompan crops and scales frame by frame: one rasterisation per
 * move instead of one per frame. A long move is cut into several pieces so that no still grows
 * beyond a few frames' worth of pixels (ffmpeg holds each input decoded for the whole segment).
 * Pure, so the bench and the tests see exactly what the runner encodes.
 */
import type { CameraSpan, MoveSpan, Rect } from "./camera.ts";
import { rectAt, toAspect, union } from "./camera.ts";
import type { SegmentInput } from "./encode-args.ts";
import type { Segment, Shot } from "./timeline.ts";

/** A still to rasterise: `region` of scene `scene`'s SVG drawn at width × height pixels. */
export interface StillSpec {
  name: string;
  scene: number;
  region: Rect;
  width: number;
  height: number;
}

/**
 * Frames [from, to) of the video drawn from one still. Holds and pans at one scale share a still
 * (their rectangles' union) and crop it, without scaling: fixed for a hold, frame by frame for
 * a pan. A zoom crops and scales its own still frame by frame (zoompan).
 */
export type Piece =
  | { kind: "hold"; still: StillSpec; from: number; to: number; rect: Rect }
  | { kind: "pan" | "zoom"; still: StillSpec; from: number; to: number; move: MoveSpan };

export interface FrameSize {
  width: number;
  height: number;
}

/** The largest move still, in frames' worth of pixels. */
const MAX_MOVE_STILL_FRAMES = 4;

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** A still of `region` (already at the frame's aspect) at no less than `scale` pixels per unit. */
function stillOf(scene: number, region: Rect, scale: number, frame: FrameSize): Omit<StillSpec, "name"> {
  // Whole multiples of the frame's reduced ratio keep the still's aspect exactly the frame's, so
  // zoompan's crops (always the still's aspect) match the frame to the pixel.
  const divisor = greatestCommonDivisor(frame.width, frame.height);
  const [ratioW, ratioH] = [frame.width / divisor, frame.height / divisor];
  const multiple = Math.max(1, Math.ceil((region.width * scale) / ratioW - 1e-9));
  return { scene, region, width: ratioW * multiple, height: ratioH * multiple };
}

/** A pan's still: the union of its rectangles at their common scale, any shape (crop needs no aspect). */
function panStill(scene: number, rects: readonly Rect[], frame: FrameSize): Omit<StillSpec, "name"> {
  const scale = frame.width / (rects[0]?.width ?? frame.width);
  const area = union(rects);
  const width = Math.max(frame.width, Math.ceil(area.width * scale - 1e-6));
  const height = Math.max(frame.height, Math.ceil(area.height * scale - 1e-6));
  return { scene, region: { x: area.x, y: area.y, width: width / scale, height: height / scale }, width, height };
}

/** A zoom's still: the union of its rectangles, at the frame's aspect and the tightest one's scale. */
function zoomStill(scene: number, rects: readonly Rect[], frame: FrameSize): Omit<StillSpec, "name"> {
  const narrowest = Math.min(...rects.map((rect) => rect.width));
  return stillOf(scene, toAspect(union(rects), frame.width / frame.height), frame.width / narrowest, frame);
}

/** Whether a move keeps its scale, so frames are crops of one still at the frame's own scale. */
export function isPan(move: MoveSpan): boolean {
  return Math.abs(Math.log(move.end.width / move.start.width)) < 1e-9;
}

/** Move frames [from, to) cut into runs whose still stays within MAX_MOVE_STILL_FRAMES. */
function movePieces(
  scene: number,
  move: MoveSpan,
  from: number,
  to: number,
  frame: FrameSize,
): Array<{ still: Omit<StillSpec, "name">; from: number; to: number }> {
  const limit = MAX_MOVE_STILL_FRAMES * frame.width * frame.height;
  const stillFor = isPan(move) ? panStill : zoomStill;
  const pieces: Array<{ still: Omit<StillSpec, "name">; from: number; to: number }> = [];
  let start = from;
  while (start < to) {
    const rects = [rectAt(move, start)];
    let still = stillFor(scene, rects, frame);
    let end = start + 1;
    for (; end < to; end++) {
      const wider = stillFor(scene, [...rects, rectAt(move, end)], frame);
      if (wider.width * wider.height > limit) break;
      rects.push(rectAt(move, end));
      still = wider;
    }
    pieces.push({ still, from: start, to: end });
    start = end;
  }
  return pieces;
}

export interface CameraPlan {
  /** The pieces of each timeline shot, in frame order, covering exactly [shot.start, shot.end). */
  shotPieces: Piece[][];
  /** Every distinct still, named for the job directory. */
  stills: StillSpec[];
  /** The poster: the poster scene whole, at the frame's size (often the final overview's still). */
  poster: StillSpec;
}

type Draft =
  | { kind: "hold"; from: number; to: number; rect: Rect; rects: Rect[] }
  | { kind: "pan" | "zoom"; from: number; to: number; move: MoveSpan; rects: Rect[]; own?: Omit<StillSpec, "name"> };

/** A shot's pieces before stills are chosen: holds, pans (cut to fit a still) and zooms. */
function drafts(shot: Shot, spans: readonly CameraSpan[], frame: FrameSize): Draft[] {
  const list: Draft[] = [];
  for (const span of spans) {
    const from = Math.max(span.from, shot.start);
    const to = Math.min(span.to, shot.end);
    if (to <= from) continue;
    if (span.kind === "hold") {
      list.push({ kind: "hold", from, to, rect: span.rect, rects: [span.rect] });
      continue;
    }
    const kind = isPan(span) ? "pan" : "zoom";
    for (const run of movePieces(shot.scene, span, from, to, frame)) {
      const rects = Array.from({ length: run.to - run.from }, (_, i) => rectAt(span, run.from + i));
      list.push({
        kind,
        from: run.from,
        to: run.to,
        move: span,
        rects,
        ...(kind === "zoom" ? { own: run.still } : {}),
      });
    }
  }
  return list;
}

/** Cuts every shot into pieces along the camera's spans and names the stills they and the poster need. */
export function planPieces(
  shots: readonly Shot[],
  spansOf: (scene: number) => readonly CameraSpan[],
  frame: FrameSize,
  poster: { scene: number; region: Rect },
): CameraPlan {
  const stills = new Map<string, StillSpec>();
  const named = (still: Omit<StillSpec, "name">): StillSpec => {
    const key = JSON.stringify(still);
    let found = stills.get(key);
    if (!found) stills.set(key, (found = { ...still, name: `still-${String(stills.size).padStart(5, "0")}.png` }));
    return found;
  };
  const limit = MAX_MOVE_STILL_FRAMES * frame.width * frame.height;
  const shotPieces = shots.map((shot) => {
    const pieces: Piece[] = [];
    // Consecutive holds and pans at one scale become one sheet: one still, cropped per piece.
    let sheet: Draft[] = [];
    const flush = () => {
      if (sheet.length === 0) return;
      const still = named(
        panStill(
          shot.scene,
          sheet.flatMap((draft) => draft.rects),
          frame,
        ),
      );
      for (const draft of sheet) {
        if (draft.kind === "hold")
          pieces.push({ kind: "hold", still, from: draft.from, to: draft.to, rect: draft.rect });
        else pieces.push({ kind: draft.kind, still, from: draft.from, to: draft.to, move: draft.move });
      }
      sheet = [];
    };
    for (const draft of drafts(shot, spansOf(shot.scene), frame)) {
      if (draft.kind === "zoom") {
        flush();
        pieces.push({
          kind: "zoom",
          still: named(draft.own ?? zoomStill(shot.scene, draft.rects, frame)),
          from: draft.from,
          to: draft.to,
          move: draft.move,
        });
        continue;
      }
      const scale = (rects: readonly Draft[]) => rects[0]?.rects[0]?.width ?? 0;
      const joined = panStill(
        shot.scene,
        [...sheet, draft].flatMap((d) => d.rects),
        frame,
      );
      if (
        sheet.length > 0 &&
        (Math.abs(scale(sheet) - (draft.rects[0]?.width ?? 0)) > 1e-9 * scale(sheet) ||
          joined.width * joined.height > limit)
      )
        flush();
      sheet.push(draft);
    }
    flush();
    return pieces;
  });
  const posterStill = named(panStill(poster.scene, [poster.region], frame));
  return { shotPieces, stills: [...stills.values()], poster: posterStill };
}

/** A shot's weight in frames' worth of decoded pixels: what ffmpeg holds while encoding it. */
export function piecesWeight(pieces: readonly Piece[], frame: FrameSize): number {
  const distinct = new Set(pieces.map((piece) => piece.still));
  return [...distinct].reduce((sum, still) => sum + (still.width * still.height) / (frame.width * frame.height), 0);
}

function num(value: number): string {
  return `(${Number(value.toFixed(6))})`;
}

/**
 * The crop (x, y) and, for a zoom, zoompan's zoom (z) of move frames from absolute frame `first`
 * on: the easing of rectAt, written in ffmpeg's expression language over `counter` (the
 * piece's own frame number: `n` in crop, `on` in zoompan).
 */
export function moveExpressions(
  piece: Extract<Piece, { kind: "pan" | "zoom" }>,
  first: number,
  counter: "n" | "on",
): { z: string; x: string; y: string } {
  const { move, still } = piece;
  const { start, end } = move;
  const scale = still.width / still.region.width;
  const p = `((${counter}+${num(first - move.from + 1)})/${num(move.to - move.from + 1)})`;
  const e = `(${p}*${p}*(3-2*${p}))`;
  const width =
    piece.kind === "pan"
      ? num(start.width)
      : `(${num(start.width)}*exp(${num(Math.log(end.width / start.width))}*${e}))`;
  const height = `(${width}*${num(start.height / start.width)})`;
  const cx = `(${num(start.x + start.width / 2)}+${num(end.x + end.width / 2 - start.x - start.width / 2)}*${e})`;
  const cy = `(${num(start.y + start.height / 2)}+${num(end.y + end.height / 2 - start.y - start.height / 2)}*${e})`;
  return {
    z: `${num(still.region.width)}/${width}`,
    x: `(${cx}-${width}/2-${num(still.region.x)})*${num(scale)}`,
    y: `(${cy}-${height}/2-${num(still.region.y)})*${num(scale)}`,
  };
}

/** Where a hold sits in its still: none when the still is exactly the held rectangle. */
function holdCrop(piece: Extract<Piece, { kind: "hold" }>): { kind: "crop"; x: string; y: string } | null {
  const { still, rect } = piece;
  const scale = still.width / still.region.width;
  const x = Math.round((rect.x - still.region.x) * scale);
  const y = Math.round((rect.y - still.region.y) * scale);
  const whole =
    Math.abs(still.width - Math.round(rect.width * scale)) <= 0 &&
    Math.abs(still.height - Math.round(rect.height * scale)) <= 0;
  return whole && x === 0 && y === 0 ? null : { kind: "crop", x: String(x), y: String(y) };
}

/** A segment of the timeline as ffmpeg inputs: each shot's pieces clipped to the segment. */
export function segmentInput(segment: Segment, plan: CameraPlan, shots: readonly Shot[]): SegmentInput {
  return {
    from: segment.from,
    to: segment.to,
    shots: segment.shots.map((shot) => {
      const pieces = plan.shotPieces[shots.findIndex((candidate) => candidate.scene === shot.scene)] ?? [];
      const from = segment.from + shot.offset;
      const to = from + shot.length;
      const inside = pieces.filter((piece) => piece.to > from && piece.from < to);
      return {
        offset: shot.offset,
        length: shot.length,
        fadeIn: shot.fadeIn,
        pieces: inside.map((piece) => {
          const first = Math.max(piece.from, from);
          const frames = Math.min(piece.to, to) - first;
          if (piece.kind === "hold") return { file: piece.still.name, frames, motion: holdCrop(piece) };
          const { z, x, y } = moveExpressions(piece, first, piece.kind === "pan" ? "n" : "on");
          return {
            file: piece.still.name,
            frames,
            motion: piece.kind === "pan" ? { kind: "crop" as const, x, y } : { kind: "zoompan" as const, z, x, y },
          };
        }),
      };
    }),
  };
}
