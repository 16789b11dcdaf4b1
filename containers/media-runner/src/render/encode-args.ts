/**
 * ffmpeg command lines for a render, built from the timeline: one run per segment (stills →
 * H.264 with crossfades and, when burned, captions), then one run that joins the segments
 * without re-encoding and adds the audio, the subtitle track and faststart. Pure, so the bench
 * runs exactly these commands directly to measure what the runner adds.
 */

/** One input of a shot: `frames` frames of a still, held, cropped along a pan, or zoomed (zoompan). */
export interface PieceInput {
  file: string;
  frames: number;
  motion: { kind: "crop"; x: string; y: string } | { kind: "zoompan"; z: string; x: string; y: string } | null;
}

/** A scene's part of a segment: pieces back to back, appearing at local frame `offset`. */
export interface ShotInput {
  offset: number;
  length: number;
  fadeIn: number;
  pieces: PieceInput[];
}

/** Frames [from, to) of the video, encoded by one ffmpeg run. */
export interface SegmentInput {
  from: number;
  to: number;
  shots: ShotInput[];
}

export interface VideoSettings {
  fps: number;
  width: number;
  height: number;
  /** An ASS file (relative to ffmpeg's working directory) to burn into the picture, or null. */
  burnedCaptions: string | null;
}

const QUIET = ["-nostdin", "-hide_banner", "-v", "error", "-y"];
const PROGRESS = ["-progress", "pipe:1", "-nostats", "-stats_period", "0.5"];
// Colour conversion once per still (BT.709, what players assume for HD), before any repetition.
const TO_VIDEO_COLOURS = "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p";

/** Seconds with enough digits for frame-exact offsets at 60 fps. */
function seconds(frames: number, fps: number): string {
  return (frames / fps).toFixed(6);
}

/**
 * The filter graph of one segment: each scene's pieces joined into one stream, each stream
 * crossfaded into the next. A held piece repeats its converted frame by reference (tpad), so it
 * costs no per-frame work; a pan crops that repetition frame by frame, and a zoom is cropped and
 * scaled per frame by zoompan. The last
 * piece of a shot runs one frame long, so every crossfade sees a frame at its end, even a
 * zero-length one (a cut); the surplus never reaches the output.
 */
export function segmentFilter(segment: SegmentInput, settings: VideoSettings): string {
  const { fps, width, height } = settings;
  const parts: string[] = [];
  // One input per still; pieces cropped from the same still share its decoded frame (split).
  const files = stillFiles(segment);
  const uses = new Map<string, number>();
  for (const piece of segment.shots.flatMap((shot) => shot.pieces))
    uses.set(piece.file, (uses.get(piece.file) ?? 0) + 1);
  files.forEach((file, input) => {
    const count = uses.get(file) ?? 1;
    const outputs = Array.from({ length: count }, (_, use) => `[f${input}_${use}]`).join("");
    parts.push(`[${input}:v]${TO_VIDEO_COLOURS}${count > 1 ? `,split=${count}` : ""}${outputs}`);
  });
  const taken = new Map<string, number>();
  segment.shots.forEach((shot, index) => {
    const labels = shot.pieces.map((piece, pieceIndex) => {
      const input = files.indexOf(piece.file);
      const use = taken.get(piece.file) ?? 0;
      taken.set(piece.file, use + 1);
      const frames = piece.frames + (pieceIndex === shot.pieces.length - 1 ? 1 : 0);
      const hold = `tpad=stop_mode=clone:stop=${frames - 1}`;
      const { motion: move } = piece;
      // A crop only moves the frame's data pointers, so a pan costs about what a hold does.
      const motion = !move
        ? hold
        : move.kind === "crop"
          ? `${hold},crop=w=${width}:h=${height}:x='${move.x}':y='${move.y}':exact=1`
          : `zoompan=z='${move.z}':x='${move.x}':y='${move.y}':d=${frames}:s=${width}x${height}:fps=${fps}`;
      const label = `p${index}_${pieceIndex}`;
      parts.push(`[f${input}_${use}]${motion},setsar=1[${label}]`);
      return `[${label}]`;
    });
    parts.push(`${labels.join("")}concat=n=${labels.length}:v=1:a=0,settb=1/${fps}[s${index}]`);
  });
  let last = "s0";
  segment.shots.slice(1).forEach((shot, index) => {
    const label = `x${index + 1}`;
    parts.push(
      `[${last}][s${index + 1}]xfade=transition=fade:duration=${seconds(shot.fadeIn, fps)}:offset=${seconds(shot.offset, fps)}[${label}]`,
    );
    last = label;
  });
  // libass places cues by frame time: shift to the segment's place in the video and back.
  const captions = settings.burnedCaptions
    ? `setpts=PTS+${seconds(segment.from, fps)}/TB,subtitles=f=${settings.burnedCaptions},setpts=PTS-STARTPTS`
    : "null";
  parts.push(`[${last}]${captions}[video]`);
  return parts.join(";");
}

/** The distinct still files a segment reads, in first use order: its ffmpeg inputs. */
function stillFiles(segment: SegmentInput): string[] {
  return [...new Set(segment.shots.flatMap((shot) => shot.pieces.map((piece) => piece.file)))];
}

/** ffmpeg arguments that encode one segment from its stills to `output`. */
export function segmentArgs(segment: SegmentInput, settings: VideoSettings, output: string): string[] {
  const inputs = stillFiles(segment).flatMap((file) => ["-framerate", String(settings.fps), "-i", file]);
  return [
    ...QUIET,
    ...inputs,
    "-filter_complex",
    segmentFilter(segment, settings),
    "-map",
    "[video]",
    "-frames:v",
    String(segment.to - segment.from),
    "-r",
    String(settings.fps),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-tune",
    "stillimage",
    "-crf",
    "20",
    "-pix_fmt",
    "yuv420p",
    "-colorspace",
    "bt709",
    "-color_primaries",
    "bt709",
    "-color_trc",
    "bt709",
    "-color_range",
    "tv",
    "-an",
    "-f",
    "mp4",
    ...PROGRESS,
    output,
  ];
}

export interface MuxInputs {
  /** A concat-demuxer list naming the segment files in order. */
  segmentList: string;
  audio: string | null;
  /** The video's length when it runs on past the audio (a tail): the audio is padded with silence to it. */
  padAudioTo: number | null;
  /** WebVTT cues for a mov_text subtitle track, or null. */
  subtitles: string | null;
  output: string;
}

/** ffmpeg arguments that join the segments (stream copy) and add audio, subtitles and faststart. */
export function muxArgs(inputs: MuxInputs): string[] {
  const args = [...QUIET, "-f", "concat", "-safe", "0", "-i", inputs.segmentList];
  const maps = ["-map", "0:v:0"];
  const codecs = ["-c:v", "copy"];
  let next = 1;
  if (inputs.audio) {
    args.push("-i", inputs.audio);
    maps.push("-map", `${next++}:a:0`);
    codecs.push("-c:a", "aac", "-b:a", "160k");
    if (inputs.padAudioTo !== null) codecs.push("-af", `apad=whole_dur=${inputs.padAudioTo.toFixed(6)}`);
  }
  if (inputs.subtitles) {
    args.push("-i", inputs.subtitles);
    maps.push("-map", `${next++}:s:0`);
    codecs.push("-c:s", "mov_text", "-metadata:s:s:0", "language=und");
  }
  return [...args, ...maps, ...codecs, "-movflags", "+faststart", "-f", "mp4", ...PROGRESS, inputs.output];
}

/** The concat-demuxer list for the segment files (names relative to the list's directory). */
export function segmentListText(files: readonly string[]): string {
  return `${files.map((file) => `file '${file.replace(/'/g, "'\\''")}'`).join("\n")}\n`;
}
