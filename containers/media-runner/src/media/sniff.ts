/**
 * Magic-byte sniffing, used only after ffprobe has refused a file: it tells a damaged recording
 * in a container we support (corrupt_audio) from something that was never audio (unsupported_audio).
 */
import { open } from "node:fs/promises";

/** Reads the first bytes of a file without loading the rest. */
export async function readHead(path: string, length = 16): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** Names the supported container a file's first bytes claim to be, or null. */
export function sniffAudioContainer(head: Uint8Array): string | null {
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = head;
  if (ascii(head, 0, 3) === "ID3") return "mp3";
  // MPEG audio frame sync (11 set bits) starts both MP3 frames and ADTS AAC frames.
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0) return b1 & 0x06 ? "mp3" : "aac";
  if (ascii(head, 0, 4) === "RIFF") return "wav";
  if (ascii(head, 0, 4) === "OggS") return "ogg";
  if (ascii(head, 0, 4) === "fLaC") return "flac";
  if (ascii(head, 4, 8) === "ftyp") return "m4a";
  if (b0 === 0x1a && b1 === 0x45 && b2 === 0xdf && b3 === 0xa3) return "webm";
  return null;
}
