/**
 * The render timeline in whole frames: when each scene is on screen, where crossfades fall, and
 * how the video is cut into segments that ffmpeg encodes one at a time. Pure, so it is tested
 * without ffmpeg and shared by the bench.
 *
 * Segments exist because ffmpeg decodes the first frame of every input before it starts a
 * filter graph and keeps every input alive until its crossfade: one graph over hundreds of
 * scenes would hold hundreds of full-resolution frames. Segments join inside a scene's still
 * part, never inside a crossfade, so they concatenate without re-encoding.
 */

/** One scene's appearance: frames [start, end) of the whole video, fading in over `fadeIn` frames. */
export interface Shot {
  scene: number;
  start: number;
  end: number;
  fadeIn: number;
}

/** One input of a segment's filter graph: `length` frames of a scene, appearing at local frame `offset`. */
export interface SegmentShot {
  scene: number;
  offset: number;
  length: number;
  fadeIn: number;
}

/** Frames [from, to) of the video, encoded by one ffmpeg run. */
export interface Segment {
  from: number;
  to: number;
  shots: SegmentShot[];
}

export interface Timeline {
  totalFrames: number;
  shots: Shot[];
  segments: Segment[];
}

export interface TimelineInput {
  /** Scene start times in seconds, non-decreasing; a scene stays until the next one starts. */
  sceneStarts: readonly number[];
  durationSeconds: number;
  fps: number;
  /** Crossfade length; 0 cuts. */
  transitionSeconds: number;
  maxShotsPerSegment: number;
}

/** Plans shots and segments; scenes shorter than one frame are skipped. */
export function planTimeline(input: TimelineInput): Timeline {
  const { totalFrames, shots } = planShots(input);
  return {
    totalFrames,
    shots,
    segments: planSegments(shots, totalFrames, { shots: input.maxShotsPerSegment, weight: Infinity }),
  };
}

/** When each scene is on screen, with its crossfades; scenes shorter than one frame are skipped. */
export function planShots(input: Omit<TimelineInput, "maxShotsPerSegment">): { totalFrames: number; shots: Shot[] } {
  const { fps } = input;
  const totalFrames = Math.max(1, Math.round(input.durationSeconds * fps));
  const boundaries = input.sceneStarts.map((start, index) =>
    index === 0 ? 0 : Math.min(totalFrames, Math.round(start * fps)),
  );
  const visible: Array<{ scene: number; first: number; last: number }> = [];
  boundaries.forEach((first, scene) => {
    const last = boundaries[scene + 1] ?? totalFrames;
    if (last > first) visible.push({ scene, first, last });
  });

  const wanted = Math.round(input.transitionSeconds * fps);
  // A crossfade never takes more than either neighbour's length, so fades in and out of one
  // scene never overlap (half of each lies on either side of the boundary).
  const fades = visible.map((shot, index) => {
    const previous = visible[index - 1];
    return previous ? Math.min(wanted, previous.last - previous.first, shot.last - shot.first) : 0;
  });
  const shots: Shot[] = visible.map((shot, index) => {
    const fadeIn = fades[index] ?? 0;
    const fadeOut = fades[index + 1] ?? 0;
    return {
      scene: shot.scene,
      start: shot.first - Math.floor(fadeIn / 2),
      end: index === visible.length - 1 ? totalFrames : shot.last - Math.floor(fadeOut / 2) + fadeOut,
      fadeIn,
    };
  });
  return { totalFrames, shots };
}

/** How much one segment may hold: shots (each a crossfade in its graph) and stills' pixels. */
export interface SegmentLimits {
  shots: number;
  /** In frames' worth of decoded pixels (see piecesWeight); a still scene weighs 1. */
  weight: number;
}

/**
 * Cuts the shots into segments, joined where a shared shot is fully visible, each within
 * `limits` (a shared shot counts in both), but always at least two shots, so every segment
 * makes progress.
 */
export function planSegments(
  shots: readonly Shot[],
  totalFrames: number,
  limits: SegmentLimits,
  weightOf: (index: number) => number = () => 1,
): Segment[] {
  const maxShots = Math.max(3, limits.shots);
  const joins = [0];
  let first = 0;
  let weight = weightOf(0);
  for (let index = 1; index < shots.length; index++) {
    const next = weightOf(index);
    const fits = index - first + 1 <= maxShots && weight + next <= limits.weight;
    if (fits || index === first + 1) {
      weight += next;
      continue;
    }
    // The join shot (the last one that fits) starts the next segment too.
    const shot = shots[index - 1];
    if (!shot) break;
    // The first frame after the shot's fade-in has finished: no crossfade spans the join.
    const join = shot.start + shot.fadeIn;
    if (join > (joins.at(-1) ?? 0) && join < totalFrames) joins.push(join);
    first = index - 1;
    weight = weightOf(index - 1) + next;
  }
  joins.push(totalFrames);
  const segments: Segment[] = [];
  for (let index = 0; index + 1 < joins.length; index++) {
    const from = joins[index] ?? 0;
    const to = joins[index + 1] ?? totalFrames;
    const inside = shots.filter((shot) => shot.start < to && shot.end > from);
    segments.push({
      from,
      to,
      shots: inside.map((shot) => ({
        scene: shot.scene,
        offset: Math.max(shot.start, from) - from,
        length: Math.min(shot.end, to) - Math.max(shot.start, from),
        fadeIn: shot.start >= from ? shot.fadeIn : 0,
      })),
    });
  }
  return segments;
}
