/**
 * Writes a stream of unknown length to R2 without holding it in memory: parts of a fixed size go
 * up as an R2 multipart upload. The byte cap is enforced while reading, the first bytes are
 * sniffed before anything is written, and on any failure nothing is left behind in R2.
 */
import { AppError, payloadTooLarge } from "../lib/errors";
import { AUDIO_CONTENT_TYPES, type AudioFormat, SNIFF_BYTES, sniffAudio } from "./audio-sniff";

// R2 wants every part but the last to be the same size, at least 5 MiB.
const PART_BYTES = 8 * 1024 * 1024;

export interface StoredObject {
  size: number;
  sha256: string;
  format: AudioFormat;
  contentType: string;
}

export const unsupportedAudio = () =>
  new AppError(
    415,
    "unsupported_audio",
    "Unsupported media type",
    "The file is not MP3, WAV, OGG/Opus, M4A/AAC, FLAC or WebM audio.",
  );
export const emptyUpload = () => new AppError(422, "empty_upload", "Empty upload", "The uploaded file has no bytes.");

/** Streams audio bytes into R2 at `key`; 413 past `maxBytes`, 415 when it is not audio. */
export async function storeAudioStream(
  bucket: R2Bucket,
  key: string,
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<StoredObject> {
  const digest = new crypto.DigestStream("SHA-256");
  const digestWriter = digest.getWriter();
  // Aborting the digest on failure rejects this promise; nobody waits for it then.
  digest.digest.catch(() => {});
  let pending = new Uint8Array(0);
  let size = 0;
  let format: AudioFormat | undefined;
  let upload: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];

  const flushPart = async (bytes: Uint8Array) => {
    upload ??= await bucket.createMultipartUpload(key, { httpMetadata: { contentType: AUDIO_CONTENT_TYPES[format!] } });
    parts.push(await upload.uploadPart(parts.length + 1, bytes));
  };

  try {
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > maxBytes) throw payloadTooLarge(maxBytes);
      await digestWriter.write(chunk);
      const merged = new Uint8Array(pending.length + chunk.length);
      merged.set(pending);
      merged.set(chunk, pending.length);
      pending = merged;
      if (!format && pending.length >= SNIFF_BYTES) {
        format = sniffAudio(pending);
        if (!format) throw unsupportedAudio();
      }
      while (format && pending.length >= PART_BYTES) {
        await flushPart(pending.slice(0, PART_BYTES));
        pending = pending.slice(PART_BYTES);
      }
    }
    if (size === 0) throw emptyUpload();
    format ??= sniffAudio(pending);
    if (!format) throw unsupportedAudio();
    if (upload) {
      if (pending.length > 0) await flushPart(pending);
      await upload.complete(parts);
    } else {
      await bucket.put(key, pending, { httpMetadata: { contentType: AUDIO_CONTENT_TYPES[format] } });
    }
    await digestWriter.close();
    const hash = [...new Uint8Array(await digest.digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    return { size, sha256: hash, format, contentType: AUDIO_CONTENT_TYPES[format] };
  } catch (error) {
    await upload?.abort().catch(() => {});
    await digestWriter.abort().catch(() => {});
    throw error;
  }
}
