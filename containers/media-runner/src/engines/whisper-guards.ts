/**
 * Guards for whisper's known failure modes, applied before its text leaves the runner:
 * - on silence it hallucinates stock phrases (「ご視聴ありがとうございました」, "Thank you for
 *   watching"): a chunk without speech energy never reaches whisper, and a stock phrase over
 *   silent audio is dropped;
 * - it loops, saying the same phrase over and over: runs are collapsed to one;
 * - after a long silence its timestamps drift into the silence: a segment whose start lies in
 *   silence is moved to the speech that follows it.
 * Pure functions over the chunk's 16-bit PCM, so they are tested without a model.
 */
import type { Segment, Word } from "../protocol.ts";
import { round3 } from "./engine.ts";

/** Speech energy of a chunk: one RMS level (dBFS) per 20 ms frame. */
export interface ChunkEnergy {
  frameSeconds: number;
  levels: Float32Array;
}

const FRAME_SECONDS = 0.02;
/** Frames above this level count as sound; room tone and dither sit far below it. */
const SOUND_DBFS = -45;
/** Less sound than this in a chunk and it goes to whisper as nothing at all. */
const MIN_SOUND_SECONDS = 0.15;
/** A segment with less of its time voiced than this is "over silence". */
const SILENT_FRACTION = 0.1;
/** How far into a segment the gate looks for sound before it calls the start drifted. */
const ONSET_WINDOW_SECONDS = 0.5;

/** Phrases whisper emits over silence (from its subtitle training data), compared normalised. */
const STOCK_PHRASES = [
  "ご視聴ありがとうございました",
  "ご視聴ありがとうございます",
  "ご清聴ありがとうございました",
  "チャンネル登録よろしくお願いします",
  "チャンネル登録お願いします",
  "おやすみなさい",
  "ありがとうございました",
  "お疲れ様でした",
  "字幕視聴ありがとうございました",
  "thankyouforwatching",
  "thanksforwatching",
  "thankyouverymuchforwatching",
  "pleasesubscribe",
  "pleasesubscribetomychannel",
  "subtitlesbytheamaraorgcommunity",
  "thankyou",
  "bye",
]
  .map(normalize)
  .sort((a, b) => b.length - a.length);

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\p{P}\p{S}\s]/gu, "");
}

/** RMS level per frame of 16-bit mono PCM samples. */
export function chunkEnergy(samples: Int16Array, sampleRate: number): ChunkEnergy {
  const frame = Math.max(1, Math.round(sampleRate * FRAME_SECONDS));
  const levels = new Float32Array(Math.ceil(samples.length / frame));
  for (let f = 0; f < levels.length; f++) {
    let sum = 0;
    const end = Math.min(samples.length, (f + 1) * frame);
    for (let i = f * frame; i < end; i++) sum += (samples[i]! / 32768) ** 2;
    const rms = Math.sqrt(sum / Math.max(1, end - f * frame));
    levels[f] = rms > 0 ? 20 * Math.log10(rms) : -120;
  }
  return { frameSeconds: frame / sampleRate, levels };
}

/** The energy of a PCM WAV file's bytes (the 16 kHz mono s16le the runner decodes chunks to). */
export function wavEnergy(wav: Uint8Array): ChunkEnergy {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let offset = 12;
  let rate = 16000;
  while (offset + 8 <= wav.byteLength) {
    const id = String.fromCharCode(...wav.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === "fmt ") rate = view.getUint32(offset + 12, true);
    if (id === "data") {
      const length = Math.floor(Math.min(size, wav.byteLength - offset - 8) / 2);
      const samples = new Int16Array(length);
      for (let i = 0; i < length; i++) samples[i] = view.getInt16(offset + 8 + i * 2, true);
      return chunkEnergy(samples, rate);
    }
    offset += 8 + size + (size % 2);
  }
  return { frameSeconds: FRAME_SECONDS, levels: new Float32Array(0) };
}

/** Whether the chunk holds no sound worth transcribing (whisper would only make something up). */
export function isSilentChunk(energy: ChunkEnergy): boolean {
  const sounding = energy.levels.reduce((n, level) => n + (level >= SOUND_DBFS ? 1 : 0), 0);
  return sounding * energy.frameSeconds < MIN_SOUND_SECONDS;
}

function voicedFraction(energy: ChunkEnergy, from: number, to: number): number {
  const first = Math.max(0, Math.floor(from / energy.frameSeconds));
  const last = Math.min(energy.levels.length, Math.ceil(to / energy.frameSeconds));
  if (last <= first) return 0;
  let voiced = 0;
  for (let f = first; f < last; f++) if (energy.levels[f]! >= SOUND_DBFS) voiced++;
  return voiced / (last - first);
}

function nextOnset(energy: ChunkEnergy, from: number): number | undefined {
  for (let f = Math.max(0, Math.floor(from / energy.frameSeconds)); f < energy.levels.length; f++) {
    if (energy.levels[f]! >= SOUND_DBFS) return f * energy.frameSeconds;
  }
  return undefined;
}

/** Applies every guard to one chunk's segments (absolute times; the chunk starts at offsetSeconds). */
export function guardWhisperSegments(
  segments: readonly Segment[],
  energy: ChunkEnergy,
  offsetSeconds: number,
): Segment[] {
  const chunkEnd = offsetSeconds + energy.levels.length * energy.frameSeconds;
  // Stock phrases are judged where whisper put them: realigned first, one would land on real speech.
  const heard = segments.filter(
    (s) =>
      !(
        isStockPhrase(s.text) &&
        voicedFraction(energy, s.start - offsetSeconds, s.end - offsetSeconds) < SILENT_FRACTION
      ),
  );
  return collapseRepeats(realignDrift(heard, energy, offsetSeconds, chunkEnd).map(collapseLoopInSegment));
}

function isStockPhrase(text: string): boolean {
  const said = normalize(text);
  // Whisper strings them together ("Thank you for watching! Please subscribe."): all of them must go.
  return said !== "" && STOCK_PHRASES.reduce((rest, phrase) => rest.replaceAll(phrase, ""), said) === "";
}

/** Moves a segment that starts in silence to the next sound, keeping the order and the chunk's bounds. */
function realignDrift(
  segments: readonly Segment[],
  energy: ChunkEnergy,
  offsetSeconds: number,
  chunkEnd: number,
): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const previousEnd = out.at(-1)?.end ?? offsetSeconds;
    let shift = Math.max(0, previousEnd - segment.start);
    const start = segment.start + shift - offsetSeconds;
    if (voicedFraction(energy, start, start + ONSET_WINDOW_SECONDS) === 0) {
      const onset = nextOnset(energy, start);
      if (onset !== undefined) shift += onset - start;
    }
    const moved = shift > 0 ? shiftSegment(segment, shift) : { ...segment };
    moved.start = Math.min(moved.start, chunkEnd);
    moved.end = Math.min(Math.max(moved.end, moved.start), chunkEnd);
    moved.words = moved.words.map((w) => ({
      ...w,
      start: Math.min(w.start, moved.end),
      end: Math.min(w.end, moved.end),
    }));
    out.push(moved);
  }
  return out;
}

function shiftSegment(segment: Segment, shift: number): Segment {
  const move = (t: number) => round3(t + shift);
  return {
    ...segment,
    start: move(segment.start),
    end: move(segment.end),
    words: segment.words.map((w) => ({ ...w, start: move(w.start), end: move(w.end) })),
  };
}

/** Consecutive segments saying the same thing are one segment (spanning both). */
function collapseRepeats(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const previous = out.at(-1);
    if (previous && normalize(previous.text) === normalize(segment.text) && normalize(segment.text) !== "") {
      previous.end = Math.max(previous.end, segment.end);
      continue;
    }
    out.push({ ...segment });
  }
  return out;
}

/** "はいはいはいはい…", "the end. the end. the end.": a unit said three or more times in a row is said once. */
function collapseLoopInSegment(segment: Segment): Segment {
  const text = segment.text.replace(/(.{2,60}?)(?:\s*\1){2,}/gsu, "$1").trim();
  const words = collapseWordLoop(segment.words);
  return text === segment.text && words.length === segment.words.length ? segment : { ...segment, text, words };
}

function collapseWordLoop(words: readonly Word[]): Word[] {
  const keys = words.map((w) => normalize(w.word));
  for (let period = 1; period <= 12; period++) {
    for (let i = 0; i + period * 3 <= keys.length; i++) {
      let repeats = 1;
      while (
        i + period * (repeats + 1) <= keys.length &&
        keys.slice(i, i + period).every((k, j) => k === keys[i + period * repeats + j])
      )
        repeats++;
      if (repeats >= 3) return collapseWordLoop([...words.slice(0, i + period), ...words.slice(i + period * repeats)]);
    }
  }
  return [...words];
}
