/**
 * The camera of an explainer video, planned from the diagram's layout: while a scene is spoken
 * the frame holds the texts being said at a readable size, eases to the next ones between
 * sentences, and pulls back to the whole diagram once the speech has ended.
 *
 * Readable means text at least MIN_TEXT_PX_1080 pixels tall at 1080p, proportionally at other
 * sizes (the short side of the frame counts, as resolutions name it). When the whole diagram
 * fits the frame at that size the camera never moves: it shows the diagram whole throughout.
 * When what one scene says does not fit the frame at that size, the scene is told in several
 * shots, one group of texts after the other. Every hold and every move while speech plays is at
 * or above the floor (a move eases between two such scales); only the closing overview may be
 * smaller.
 */
import { captionLayout } from "../../containers/media-runner/src/protocol";
import type { LaidOutDiagram, Rect } from "../engine/layout/types";
import { type SpokenText, shownBounds, spokenTexts, textExtent } from "./spoken";

/** The floor for spoken text at 1080p, in pixels (DESIGN §6). */
export const MIN_TEXT_PX_1080 = 28;
/** Head-room over the floor, so rounding and anti-aliasing never take a label below it. */
const FLOOR_MARGIN = 1.05;
/** A close-up never scales text past this many times the floor, unless the overview already does. */
const MAX_OVER_FLOOR = 1.4;
/** Space around the texts of a shot and around the diagram in the overview, in diagram units. */
const SHOT_PADDING = 16;
const OVERVIEW_PADDING = 24;
/** After the last word, before the pull back starts; and how long the overview then holds. */
const CLOSING_PAUSE_SECONDS = 0.3;
const OVERVIEW_HOLD_SECONDS = 2;
/** A hold is never squeezed below this by the moves on either side of it, nor a move below its own. */
const MIN_HOLD_SECONDS = 0.3;
const MIN_MOVE_SECONDS = 0.3;

export interface FrameSize {
  width: number;
  height: number;
}

/** A scene as the video times it: on screen from `start`, its speech over at `end` (seconds). */
export interface TimedScene {
  start: number;
  end: number;
}

export interface CameraInput {
  diagram: LaidOutDiagram;
  /** One per diagram scene, in order. */
  scenes: readonly TimedScene[];
  frame: FrameSize;
  /** The soundtrack's length (or the silent video's). */
  durationSeconds: number;
  /** Captions burned into the bottom of the picture. */
  burnedCaptions: boolean;
}

/** The camera holding `rect` from `start` to `end`, showing `spoken` (empty for the overview). */
export interface CameraShot {
  start: number;
  end: number;
  rect: Rect;
  /** Scene index, or -1 for the closing overview. */
  scene: number;
  spoken: SpokenText[];
}

export interface CameraPlanned {
  /** Holds in time order; the camera eases from one to the next in the gap between them. */
  shots: CameraShot[];
  /** Seconds the video runs on after the soundtrack to hold the overview. */
  tailSeconds: number;
}

/** The smallest height, in pixels, spoken text may have in a frame of this size. */
export function minTextPx(frame: FrameSize): number {
  return (MIN_TEXT_PX_1080 * Math.min(frame.width, frame.height)) / 1080;
}

/** Pixels per diagram unit when the frame shows `rect`. */
export function scaleOf(rect: Rect, frame: FrameSize): number {
  return frame.width / rect.width;
}

function pad(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

function union(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  return {
    x: left,
    y: top,
    width: Math.max(...rects.map((r) => r.x + r.width)) - left,
    height: Math.max(...rects.map((r) => r.y + r.height)) - top,
  };
}

function contains(outer: Rect, inner: Rect): boolean {
  const slack = 1e-6;
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  );
}

/** What a camera needs to know about the frame: its size and the part spoken text may use. */
class Framing {
  readonly frame: FrameSize;
  readonly bounds: Rect;
  /** The whole diagram, for the closing overview (no captions then). */
  readonly overview: Rect;
  /** The whole diagram above the captions, for a diagram readable whole while it is spoken. */
  readonly whole: Rect;
  readonly floorScale: (fontSize: number) => number;
  /** The share of the frame's height, from the top, that spoken text may use. */
  readonly usable: number;
  /** Where the diagram's title is drawn. */
  readonly title: Rect;

  constructor(diagram: LaidOutDiagram, frame: FrameSize, burnedCaptions: boolean) {
    this.frame = frame;
    this.bounds = { x: 0, y: 0, width: diagram.width, height: diagram.height };
    this.title = textExtent(diagram.title);
    // Burned captions take a band at the bottom (where the runner draws them); spoken text stays above.
    this.usable = burnedCaptions ? 1 - captionLayout(frame.width, frame.height).band : 1;
    this.overview = this.fit(pad(this.bounds, OVERVIEW_PADDING), 1);
    this.whole = this.fit(pad(this.bounds, OVERVIEW_PADDING), this.usable);
    const floor = minTextPx(frame) * FLOOR_MARGIN;
    this.floorScale = (fontSize) => floor / fontSize;
  }

  /** The frame-shaped rectangle that shows `rect` whole in the top `usable` share, centred. */
  fit(rect: Rect, usable: number): Rect {
    const aspect = this.frame.width / this.frame.height;
    const width = Math.max(rect.width, (rect.height / usable) * aspect);
    return this.at(rect, width);
  }

  /** The frame-shaped rectangle `width` units wide that centres `rect` in the usable part. */
  at(rect: Rect, width: number): Rect {
    const height = (width * this.frame.height) / this.frame.width;
    const usableHeight = height * this.usable;
    return { x: rect.x + rect.width / 2 - width / 2, y: rect.y + rect.height / 2 - usableHeight / 2, width, height };
  }

  /** `rect` moved inside the diagram where it is smaller than the diagram (centred where not). */
  clamp(rect: Rect): Rect {
    const b = pad(this.bounds, SHOT_PADDING);
    const usableHeight = rect.height * this.usable;
    const x =
      rect.width >= b.width
        ? b.x + (b.width - rect.width) / 2
        : Math.min(Math.max(rect.x, b.x), b.x + b.width - rect.width);
    const y =
      usableHeight >= b.height
        ? b.y + (b.height - usableHeight) / 2
        : Math.min(Math.max(rect.y, b.y), b.y + b.height - usableHeight);
    return { ...rect, x, y };
  }

  /** The part of `rect` spoken text may occupy (above the captions). */
  usablePart(rect: Rect): Rect {
    return { ...rect, height: rect.height * this.usable };
  }

  /** Whether `texts` fit the frame's usable part at their floor scale. */
  fitsAtFloor(texts: readonly SpokenText[]): boolean {
    const scale = this.floorScale(Math.min(...texts.map((t) => t.fontSize)));
    const need = union(texts.map((t) => pad(t.box, t.fontSize * 0.4)));
    return need.width * scale <= this.frame.width && need.height * scale <= this.frame.height * this.usable;
  }
}

/** Splits a scene's texts, in order, into groups that each fit the frame at the floor. */
function groupTexts(texts: readonly SpokenText[], framing: Framing): SpokenText[][] {
  const groups: SpokenText[][] = [];
  for (const text of texts) {
    const current = groups.at(-1);
    if (current && framing.fitsAtFloor([...current, text])) current.push(text);
    else groups.push([text]);
  }
  return groups;
}

/** The rectangle that frames `texts`; `previous` is kept when it already shows them well. */
function frameTexts(texts: readonly SpokenText[], framing: Framing, previous: Rect | undefined): Rect {
  const minScale = framing.floorScale(Math.min(...texts.map((t) => t.fontSize)));
  // A diagram readable whole is shown whole: the camera has no reason to move.
  if (scaleOf(framing.whole, framing.frame) >= minScale) return framing.whole;
  const need = union(texts.map((t) => pad(t.box, t.fontSize * 0.4)));
  const maxScale = minScale * MAX_OVER_FLOOR;
  if (previous) {
    const scale = scaleOf(previous, framing.frame);
    if (scale >= minScale && scale <= maxScale && contains(framing.usablePart(previous), need)) return previous;
  }
  const context = union([need, ...texts.map((t) => pad(t.context, SHOT_PADDING))]);
  const fitted = framing.fit(context, framing.usable);
  const scale = Math.min(Math.max(scaleOf(fitted, framing.frame), minScale), maxScale);
  const width = framing.frame.width / scale;
  // Context that does not fit is dropped before the texts themselves: centre on what is said.
  return clearOfTitle(framing.clamp(framing.at(width >= fitted.width ? context : need, width)), need, framing);
}

/**
 * A shot that would show the title cut at the frame's side moves down past it, as long as
 * what is said stays in the usable part: half a title reads as a mistake.
 */
function clearOfTitle(rect: Rect, need: Rect, framing: Framing): Rect {
  const { title } = framing;
  const overlaps =
    title.y < rect.y + rect.height &&
    title.y + title.height > rect.y &&
    title.x < rect.x + rect.width &&
    title.x + title.width > rect.x;
  if (!overlaps || (title.x >= rect.x && title.x + title.width <= rect.x + rect.width)) return rect;
  const below = { ...rect, y: title.y + title.height + SHOT_PADDING / 2 };
  return contains(framing.usablePart(below), need) ? below : rect;
}

/**
 * Before anything is said (an opening sentence with no node of its own): what is on screen so
 * far, usually the title alone, centred like a title card and no closer than a spoken shot.
 */
function frameShown(diagram: LaidOutDiagram, sceneIndex: number, framing: Framing): Rect {
  const shown = pad(shownBounds(diagram, sceneIndex), SHOT_PADDING);
  const fitted = framing.fit(shown, framing.usable);
  const closest = framing.frame.width / (framing.floorScale(diagram.title.fontSize) * MAX_OVER_FLOOR);
  const smallest = Math.min(diagram.title.fontSize, ...diagram.nodes.map((node) => node.label.fontSize));
  // A diagram readable whole starts whole, as it goes on: the camera never moves for it.
  if (fitted.width >= framing.whole.width || scaleOf(framing.whole, framing.frame) >= framing.floorScale(smallest))
    return framing.whole;
  return framing.at(shown, Math.max(fitted.width, closest));
}

interface Target {
  rect: Rect;
  from: number;
  to: number;
  scene: number;
  spoken: SpokenText[];
  /** When the speech of this target is over (its scene's end, for the scene's last group). */
  speechEnd: number;
}

/** What the camera aims at over time, before moves are fitted between the aims. */
function targetsOf(input: CameraInput, framing: Framing): Target[] {
  const { diagram, scenes } = input;
  const targets: Target[] = [];
  const lastSpeech = Math.min(input.durationSeconds, Math.max(0, ...scenes.map((s) => s.end)));
  scenes.forEach((scene, index) => {
    const from = index === 0 ? 0 : scene.start;
    const to = Math.max(from, Math.min(scenes[index + 1]?.start ?? lastSpeech, input.durationSeconds));
    const texts = spokenTexts(diagram, index);
    const previous = targets.at(-1)?.rect;
    if (texts.length === 0) {
      const rect = previous ?? frameShown(diagram, index, framing);
      targets.push({ rect, from, to, scene: index, spoken: [], speechEnd: scene.end });
      return;
    }
    const groups = groupTexts(texts, framing);
    // Groups share the scene's time by how much text each has: a stand-in for when each is said.
    const weights = groups.map((group) => group.reduce((sum, text) => sum + Math.max(1, text.text.length), 0));
    const total = weights.reduce((a, b) => a + b, 0);
    let start = from;
    groups.forEach((group, groupIndex) => {
      const end = groupIndex === groups.length - 1 ? to : start + ((to - from) * (weights[groupIndex] ?? 0)) / total;
      const rect = frameTexts(group, framing, targets.at(-1)?.rect);
      targets.push({
        rect,
        from: start,
        to: end,
        scene: index,
        spoken: group,
        speechEnd: groupIndex === groups.length - 1 ? scene.end : end,
      });
      start = end;
    });
  });
  return targets.filter((target) => target.to > target.from || target === targets.at(-1));
}

/** Seconds a move between two rectangles takes: longer the farther it goes. */
function moveSeconds(a: Rect, b: Rect, closing: boolean): number {
  const distance =
    Math.hypot(a.x + a.width / 2 - b.x - b.width / 2, a.y + a.height / 2 - b.y - b.height / 2) /
    Math.min(a.width, b.width);
  const zoom = Math.abs(Math.log(b.width / a.width));
  const seconds = 0.55 + 0.3 * (distance + zoom);
  return closing ? Math.min(1.8, Math.max(1, seconds)) : Math.min(1.4, Math.max(0.6, seconds));
}

function sameRect(a: Rect, b: Rect): boolean {
  return Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6 && Math.abs(a.width - b.width) < 1e-6;
}

/**
 * Where targets came too close for a move (scenes shorter than a move), the camera would jump:
 * such a hold gives way, so the camera eases past it from the hold before to the one after.
 */
function removeCuts(shots: CameraShot[]): void {
  for (let index = 0; index + 1 < shots.length; ) {
    const shot = shots[index];
    const next = shots[index + 1];
    if (!shot || !next || sameRect(shot.rect, next.rect) || next.start - shot.end >= MIN_MOVE_SECONDS - 1e-9) {
      index++;
      continue;
    }
    shot.end = Math.max(shot.start, next.start - MIN_MOVE_SECONDS);
    if (next.start - shot.end >= MIN_MOVE_SECONDS - 1e-9) continue;
    // No room: this hold goes, and the camera eases from the one before straight to the next.
    shots.splice(index, 1);
    if (index === 0) next.start = 0;
    index = Math.max(0, index - 1);
  }
}

/** Plans the camera: holds on what is said, eased moves between them, and the closing overview. */
export function planCamera(input: CameraInput): CameraPlanned {
  const framing = new Framing(input.diagram, input.frame, input.burnedCaptions);
  const targets = targetsOf(input, framing);
  const lastSpeech = targets.at(-1)?.speechEnd ?? 0;
  const shots: CameraShot[] = [];
  let cursor = 0;
  targets.forEach((target, index) => {
    const next = targets[index + 1];
    const shot: CameraShot = {
      start: cursor,
      end: target.to,
      rect: target.rect,
      scene: target.scene,
      spoken: target.spoken,
    };
    const previous = shots.at(-1);
    if (previous && previous.end === cursor && sameRect(previous.rect, target.rect)) {
      previous.end = target.to;
      previous.spoken = [...previous.spoken, ...target.spoken];
    } else shots.push(shot);
    const current = shots.at(-1) ?? shot;
    if (!next || sameRect(target.rect, next.rect)) {
      cursor = target.to;
      return;
    }
    // Move between sentences: ideally in the pause, arriving as the next one starts; never
    // earlier than a move's length before it, nor more than half a move after it.
    const boundary = next.from;
    const wanted = moveSeconds(target.rect, next.rect, false);
    const earliest = Math.max(current.start + MIN_HOLD_SECONDS, boundary - wanted);
    const start = Math.max(earliest, Math.min(target.speechEnd, boundary - wanted / 2));
    const end = Math.max(start, Math.min(start + wanted, boundary + (next.to - next.from) / 2));
    current.end = start;
    cursor = end;
  });
  removeCuts(shots);
  const overview = framing.overview;
  const last = shots.at(-1);
  if (!last)
    return { shots: [{ start: 0, end: input.durationSeconds, rect: overview, scene: -1, spoken: [] }], tailSeconds: 0 };
  if (sameRect(last.rect, overview)) {
    last.end = input.durationSeconds;
    return { shots, tailSeconds: 0 };
  }
  const closeAt = Math.max(last.start + MIN_HOLD_SECONDS, lastSpeech + CLOSING_PAUSE_SECONDS);
  const arrive = closeAt + moveSeconds(last.rect, overview, true);
  last.end = closeAt;
  const videoEnd = Math.max(input.durationSeconds, arrive + OVERVIEW_HOLD_SECONDS);
  shots.push({ start: arrive, end: videoEnd, rect: overview, scene: -1, spoken: [] });
  return { shots, tailSeconds: videoEnd - input.durationSeconds };
}
