/**
 * ffmpeg command lines for a render, built from the timeline: one run per segment (stills →
 * H.264 with crossfades and, when burned, captions), then one run that joins the segments
 * without re-encoding and adds the audio, the subtitle track and faststart. Pure, so the bench
 * runs exactly these commands directly to measure what the runner adds.
 */
import type { Segment } from "./timeline.ts";

export interface VideoSettings {
  /** The PNGs are already at the video's size, so only the rate is needed here. */
  fps: number;
  /** An ASS file (relative to ffmpeg's working directory) to burn into the picture, or null. */
  burnedCaptions: string | null;
}

const QUIET = ["-nostdin", "-hide_banner", "-v", "error", "-y"];
const PROGRESS = ["-progress", "pipe:1", "-nostats", "-stats_period", "0.5"];

/** Seconds with enough digits for frame-exact offsets at 60 fps. */
function seconds(frames: number, fps: number): string {
  return (frames / fps).toFixed(6);
}

/** The filter graph of one segment: each still held for its length, crossfaded into the next. */
export function segmentFilter(segment: Segment, settings: VideoSettings): string {
  const { fps } = settings;
  const parts: string[] = [];
  segment.shots.forEach((shot, index) => {
    // Colour conversion once per still (BT.709, what players assume for HD); tpad then repeats
    // the converted frame by reference, so a held scene costs no per-frame work. One spare
    // frame lets every crossfade see a frame at its end, even a zero-length one (a cut).
    parts.push(`[${index}:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,tpad=stop_mode=clone:stop=${shot.length}[s${index}]`);
  });
  let last = "s0";
  segment.shots.slice(1).forEach((shot, index) => {
    const label = `x${index + 1}`;
    parts.push(`[${last}][s${index + 1}]xfade=transition=fade:duration=${seconds(shot.fadeIn, fps)}:offset=${seconds(shot.offset, fps)}[${label}]`);
    last = label;
  });
  // libass places cues by frame time: shift to the segment's place in the video and back.
  const captions = settings.burnedCaptions
    ? `setpts=PTS+${seconds(segment.from, fps)}/TB,subtitles=f=${settings.burnedCaptions},setpts=PTS-STARTPTS`
    : "null";
  parts.push(`[${last}]${captions}[video]`);
  return parts.join(";");
}

/** ffmpeg arguments that encode one segment from its scene PNGs (`pngOf(scene)`) to `output`. */
export function segmentArgs(segment: Segment, pngOf: (scene: number) => string, settings: VideoSettings, output: string): string[] {
  const inputs = segment.shots.flatMap((shot) => ["-framerate", String(settings.fps), "-i", pngOf(shot.scene)]);
  return [
    ...QUIET,
    ...inputs,
    "-filter_complex", segmentFilter(segment, settings),
    "-map", "[video]",
    "-frames:v", String(segment.to - segment.from),
    "-r", String(settings.fps),
    "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "20",
    "-pix_fmt", "yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
    "-an", "-f", "mp4",
    ...PROGRESS,
    output,
  ];
}

export interface MuxInputs {
  /** A concat-demuxer list naming the segment files in order. */
  segmentList: string;
  audio: string | null;
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
  return files.map((file) => `file '${file.replace(/'/g, "'\\''")}'`).join("\n") + "\n";
}
