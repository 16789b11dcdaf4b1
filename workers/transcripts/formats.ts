/** Transcript exports: SubRip (.srt), WebVTT (.vtt) and plain text. Pure functions. */
import type { Segment } from "../../containers/media-runner/src/protocol";

function clock(seconds: number, separator: "," | "."): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

// Cue text must not contain a blank line (it would end the cue) or, in WebVTT, "-->".
const cueText = (text: string) =>
  text
    .replace(/\r?\n\s*\r?\n/g, "\n")
    .replace(/-->/g, "→")
    .trim();

/** SubRip subtitles, one cue per segment. */
export function toSrt(segments: Segment[]): string {
  return segments
    .filter((s) => s.text.trim())
    .map((s, i) => `${i + 1}\n${clock(s.start, ",")} --> ${clock(s.end, ",")}\n${cueText(s.text)}\n`)
    .join("\n");
}

/** WebVTT subtitles, one cue per segment. */
export function toVtt(segments: Segment[]): string {
  const cues = segments
    .filter((s) => s.text.trim())
    .map((s) => `${clock(s.start, ".")} --> ${clock(s.end, ".")}\n${cueText(s.text)}\n`);
  return ["WEBVTT\n", ...cues].join("\n");
}

/** Plain text, one segment per line. */
export function toText(segments: Segment[]): string {
  return (
    segments
      .map((s) => s.text.trim())
      .filter(Boolean)
      .join("\n") + (segments.length ? "\n" : "")
  );
}
