/**
 * Recognises the audio containers Zukai accepts from their first bytes, whatever the file's
 * name or declared content type says. Returns undefined for anything else.
 */
export type AudioFormat = "mp3" | "wav" | "ogg" | "flac" | "m4a" | "webm";

export const SNIFF_BYTES = 16;

export const AUDIO_CONTENT_TYPES: Record<AudioFormat, string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  ogg: "audio/ogg",
  flac: "audio/flac",
  m4a: "audio/mp4",
  webm: "audio/webm",
};

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** The audio format the bytes start with, if any. */
export function sniffAudio(head: Uint8Array): AudioFormat | undefined {
  if (head.length < 12) return undefined;
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WAVE") return "wav";
  if (ascii(head, 0, 4) === "OggS") return "ogg";
  if (ascii(head, 0, 4) === "fLaC") return "flac";
  if (ascii(head, 4, 8) === "ftyp") return "m4a";
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return "webm";
  if (ascii(head, 0, 3) === "ID3") return "mp3";
  // An MPEG audio frame header: 11 sync bits, then a layer other than "reserved".
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0) return "mp3";
  return undefined;
}
