/**
 * Joins timed segments into one text and maps any character offset back to a time, so a
 * sentence that spans segments (or shares one) gets the times at which it was actually said.
 * Within a segment, time is spread evenly over its characters.
 */
import { MAX_ANALYZED_CHARS, MAX_SEGMENTS } from "../limits";
import { normalizeTranscript } from "../text/normalize";
import { isFullWidth } from "../text/scripts";
import type { TimedSegment } from "./types";

const MAX_SECONDS = 24 * 3600;
// Without segments, times are estimated from typical speaking rates (characters per second).
const SPEAKING_RATE = { ja: 7, en: 15 } as const;

interface Placed {
  from: number;
  to: number;
  start: number;
  end: number;
}

export interface TimedText {
  text: string;
  truncated: boolean;
  timed: boolean;
  /** Offsets where a segment ended, usable as sentence boundaries when the text has no punctuation. */
  segmentEnds: Set<number>;
  timeAt(offset: number): number;
}

const seconds = (value: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(MAX_SECONDS, Math.max(0, value)) : fallback;

/** Joins segments with a space between Latin text and none between Japanese characters. */
export function joinSegments(segments: TimedSegment[]): TimedText {
  const parts: string[] = [];
  const placed: Placed[] = [];
  const segmentEnds = new Set<number>();
  let length = 0;
  let previousEnd = 0;
  let truncated = segments.length > MAX_SEGMENTS;
  for (const segment of segments.slice(0, MAX_SEGMENTS)) {
    const { text } = normalizeTranscript(typeof segment.text === "string" ? segment.text : "");
    if (!text) continue;
    const start = seconds(segment.start, previousEnd);
    const end = Math.max(start, seconds(segment.end, start));
    const last = parts.length ? parts[parts.length - 1]! : "";
    const joinTight = last && isFullWidth(last.charCodeAt(last.length - 1)) && isFullWidth(text.charCodeAt(0));
    const separator = parts.length && !joinTight ? " " : "";
    if (length + separator.length + text.length > MAX_ANALYZED_CHARS) {
      truncated = true;
      break;
    }
    parts.push(separator + text);
    placed.push({ from: length + separator.length, to: length + separator.length + text.length, start, end });
    length += separator.length + text.length;
    segmentEnds.add(length - 1);
    previousEnd = end;
  }
  const timeAt = (offset: number): number => {
    // Binary search for the segment holding the offset; between segments, the earlier one's end.
    let low = 0;
    let high = placed.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (placed[mid]!.from <= offset) low = mid;
      else high = mid - 1;
    }
    const p = placed[low];
    if (!p) return 0;
    if (offset >= p.to) return p.end;
    return p.start + ((p.end - p.start) * Math.max(0, offset - p.from)) / Math.max(1, p.to - p.from);
  };
  return { text: parts.join(""), truncated, timed: true, segmentEnds, timeAt };
}

/** A plain (already normalised) transcript, with times estimated from the usual speaking rate. */
export function untimedText(text: string, truncated: boolean, language: "ja" | "en"): TimedText {
  const rate = SPEAKING_RATE[language];
  return {
    text,
    truncated,
    timed: false,
    segmentEnds: new Set(),
    timeAt: (offset) => Math.min(MAX_SECONDS, Math.round((offset / rate) * 100) / 100),
  };
}
