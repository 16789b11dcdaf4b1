/**
 * ffprobe of an uploaded file: decides whether it is a supported audio recording and reads its
 * container and duration. Every refusal here happens before any streaming starts.
 */
import { stat } from "node:fs/promises";
import { z } from "zod";
import { inputFailure } from "../errors.ts";
import { runProcess } from "../process.ts";
import { readHead, sniffAudioContainer } from "./sniff.ts";

export interface ProbedAudio {
  /** Short container name for the wire: mp3, wav, ogg, m4a, flac, webm, aac. */
  format: string;
  codec: string;
  /** From the container; null when the container does not say (e.g. a live-recorded WebM). */
  durationSeconds: number | null;
}

const FfprobeOutput = z.object({
  streams: z.array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional() })).default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).optional(),
});

/** ffprobe format_name (a comma list of demuxer aliases) → the name we report. */
const SUPPORTED_FORMATS: ReadonlyArray<[alias: string, wireName: string]> = [
  ["mp3", "mp3"],
  ["wav", "wav"],
  ["ogg", "ogg"],
  ["m4a", "m4a"],
  ["flac", "flac"],
  ["webm", "webm"],
  ["aac", "aac"],
];

const SUPPORTED_CODEC = /^(mp3|aac|opus|vorbis|flac|alac|pcm_[a-z0-9]+)$/;

/** Probes a file; throws a 422 RunnerFailure (empty/unsupported/corrupt) when it is not usable audio. */
export async function probeAudio(path: string, signal?: AbortSignal): Promise<ProbedAudio> {
  const { size } = await stat(path);
  if (size === 0) throw inputFailure("empty_audio", "the request body is empty");

  const result = await runProcess(
    "ffprobe",
    ["-v", "error", "-of", "json", "-show_entries", "format=format_name,duration:stream=codec_type,codec_name", path],
    { signal },
  );
  const parsed = result.exitCode === 0 ? FfprobeOutput.safeParse(safeJson(result.stdout)) : null;
  if (!parsed?.success || !parsed.data.format?.format_name) {
    // ffprobe cannot open it: damaged if it starts like an audio container, otherwise not audio.
    const claimed = sniffAudioContainer(await readHead(path));
    if (claimed) throw inputFailure("corrupt_audio", `the file starts like ${claimed} but cannot be decoded`);
    throw inputFailure(
      "unsupported_audio",
      "the file is not a recording in a supported format (mp3, wav, ogg, m4a, flac, webm)",
    );
  }

  const { format, streams } = parsed.data;
  const aliases = (format?.format_name ?? "").split(",");
  const wireFormat = SUPPORTED_FORMATS.find(([alias]) => aliases.includes(alias))?.[1];
  const audio = streams.find((stream) => stream.codec_type === "audio");
  if (!wireFormat || !audio?.codec_name || !SUPPORTED_CODEC.test(audio.codec_name)) {
    const found = `${format?.format_name ?? "unknown"}${audio?.codec_name ? `/${audio.codec_name}` : ", no audio stream"}`;
    throw inputFailure(
      "unsupported_audio",
      `unsupported media (${found}); send mp3, wav, ogg/opus, m4a/aac, flac or webm`,
    );
  }
  const duration = Number(format?.duration);
  return {
    format: wireFormat,
    codec: audio.codec_name,
    durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
