/**
 * Caption files made from the manifest's cues: WebVTT for the MP4's subtitle track (and as an
 * output of its own), ASS for captions burned into the picture by libass, styled for a
 * diagram: a translucent box under the text so it stays readable over any drawing.
 */
import { captionLayout, type RenderManifest } from "../protocol.ts";

type Cue = RenderManifest["cues"][number];

/** The font libass asks fontconfig for; Noto Sans CJK covers Japanese and Latin alike. */
export const CAPTION_FONT = "Noto Sans CJK JP";

/** Cues that fall inside the video, clipped to its end, in start order, without empty text. */
export function cuesWithin(cues: readonly Cue[], durationSeconds: number): Cue[] {
  return cues
    .filter((cue) => cue.text.trim() !== "" && cue.start < durationSeconds && cue.end > cue.start)
    .map((cue) => ({ ...cue, end: Math.min(cue.end, durationSeconds) }))
    .sort((a, b) => a.start - b.start);
}

function clock(seconds: number, fractionDigits: 2 | 3): string {
  const scale = 10 ** fractionDigits;
  const total = Math.round(seconds * scale);
  const fraction = String(total % scale).padStart(fractionDigits, "0");
  const whole = Math.floor(total / scale);
  const hours = Math.floor(whole / 3600);
  const minutes = String(Math.floor(whole / 60) % 60).padStart(2, "0");
  const secs = String(whole % 60).padStart(2, "0");
  return fractionDigits === 3
    ? `${String(hours).padStart(2, "0")}:${minutes}:${secs}.${fraction}`
    : `${hours}:${minutes}:${secs}.${fraction}`;
}

/** A WebVTT document; "-->" and blank lines inside a cue would end it early, so they are neutralised. */
export function toWebVtt(cues: readonly Cue[]): string {
  const blocks = cues.map((cue) => {
    const text = cue.text
      .replace(/\r\n?/g, "\n")
      .replace(/\n{2,}/g, "\n")
      .replace(/-->/g, "->")
      .trim();
    return `${clock(cue.start, 3)} --> ${clock(cue.end, 3)}\n${text}`;
  });
  return `${["WEBVTT", ...blocks].join("\n\n")}\n`;
}

/**
 * ASS text: braces would open override blocks and a backslash could form \N or a tag, so braces
 * are escaped and a word joiner after each backslash keeps it literal.
 */
function assText(text: string): string {
  return text
    .replace(/\\/g, "\\\u2060")
    .replace(/[{}]/g, (brace) => `\\${brace}`)
    .replace(/\r\n?|\n/g, "\\N")
    .trim();
}

/** An ASS script at the video's own resolution, so sizes below are in output pixels. */
export function toAss(cues: readonly Cue[], width: number, height: number): string {
  const { fontSize, marginV, marginH, box } = captionLayout(width, height);
  return [
    "[Script Info]",
    "ScriptType: v4.00+",
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    "WrapStyle: 0",
    "ScaledBorderAndShadow: yes",
    "",
    "[V4+ Styles]",
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
    // BorderStyle 3 draws an opaque box in OutlineColour (alpha 0x50 of 0xFF transparent) behind the text.
    `Style: Default,${CAPTION_FONT},${fontSize},&H00FFFFFF,&H00FFFFFF,&H50000000,&H00000000,0,0,0,0,100,100,0,0,3,${box},0,2,${marginH},${marginH},${marginV},1`,
    "",
    "[Events]",
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ...cues.map(
      (cue) => `Dialogue: 0,${clock(cue.start, 2)},${clock(cue.end, 2)},Default,,0,0,0,,${assText(cue.text)}`,
    ),
    "",
  ].join("\n");
}
