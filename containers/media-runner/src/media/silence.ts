/**
 * One decoding pass over the whole file with ffmpeg's silencedetect. It finds where chunks can be
 * cut without splitting a word, measures the real decoded duration (containers can misreport it),
 * and proves the file decodes at all, all before the response starts streaming.
 */
import { inputFailure } from "../errors.ts";
import { describeFailure, runProcess } from "../process.ts";

export interface Silence {
  start: number;
  end: number;
}

export interface SilenceScan {
  silences: Silence[];
  decodedSeconds: number;
}

/** Quieter than this for at least MIN_SILENCE_SECONDS counts as a pause between words or sentences. */
const NOISE_FLOOR = "-35dB";
const MIN_SILENCE_SECONDS = 0.3;

const SILENCE_START = /silence_start: (-?[\d.]+)/;
const SILENCE_END = /silence_end: (-?[\d.]+)/;
const OUT_TIME_US = /^out_time_us=(\d+)$/;

/**
 * Scans the file for silences. Decoding stops just past `limitSeconds`, so an over-long file
 * without a duration in its header is refused without decoding hours of audio.
 */
export async function scanSilences(path: string, limitSeconds: number, signal?: AbortSignal): Promise<SilenceScan> {
  const silences: Silence[] = [];
  let openStart: number | null = null;
  let decodedSeconds = 0;
  const args = [
    "-nostdin",
    "-hide_banner",
    "-nostats",
    "-i",
    path,
    "-vn",
    "-map",
    "0:a:0",
    "-af",
    `silencedetect=noise=${NOISE_FLOOR}:d=${MIN_SILENCE_SECONDS}`,
    "-t",
    String(limitSeconds + 1),
    "-f",
    "null",
    "-progress",
    "pipe:1",
    "-",
  ];
  const result = await runProcess("ffmpeg", args, {
    signal,
    onStdoutLine: (line) => {
      const time = OUT_TIME_US.exec(line);
      if (time?.[1]) decodedSeconds = Math.max(decodedSeconds, Number(time[1]) / 1e6);
    },
    onStderrLine: (line) => {
      const start = SILENCE_START.exec(line);
      if (start?.[1]) openStart = Math.max(0, Number(start[1]));
      const end = SILENCE_END.exec(line);
      if (end?.[1] && openStart !== null) {
        silences.push({ start: openStart, end: Number(end[1]) });
        openStart = null;
      }
    },
  });
  if (result.exitCode !== 0)
    throw inputFailure("corrupt_audio", `the audio cannot be decoded: ${describeFailure("ffmpeg", result)}`);
  if (decodedSeconds <= 0) throw inputFailure("corrupt_audio", "the file contains no decodable audio");
  // A silence still open at the end runs to the end of the file.
  if (openStart !== null) silences.push({ start: openStart, end: decodedSeconds });
  return { silences, decodedSeconds };
}
