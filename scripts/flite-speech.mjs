// English speech made with flite (Debian), for `npm start`'s demo and for the tests. flite's
// diphone voices are close enough to human speech that pocketsphinx hears them almost verbatim
// (espeak-ng's formant voice comes back as word salad). Plain JavaScript so `npm start` needs no build.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const RATE = 16000;

/** The 16-bit samples of a PCM WAV (walking its chunks), checked to be 16 kHz mono (every flite voice but kal, the LibriVox set). */
export function pcmOf(wav) {
  let offset = 12;
  let format;
  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === "fmt ") format = { channels: wav.readUInt16LE(offset + 10), rate: wav.readUInt32LE(offset + 12) };
    if (id === "data") {
      if (format?.channels !== 1 || format.rate !== RATE)
        throw new Error(`a WAV of ${JSON.stringify(format)}, not 16 kHz mono`);
      return wav.subarray(offset + 8, offset + 8 + size);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error("no data chunk in the WAV");
}

/** A 16 kHz mono 16-bit WAV file around raw PCM. */
export function wavOf(pcm) {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/**
 * A 16 kHz mono WAV of `sentences` spoken by a flite voice (rms, slt, awb, kal16), each sentence
 * said on its own with `pauseSeconds` of silence after it, the way a speaker breathes between them.
 */
export function fliteWav(sentences, { pauseSeconds = 0.6, voice = "rms" } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-flite-"));
  try {
    const pause = Buffer.alloc(Math.round(pauseSeconds * RATE) * 2);
    const parts = sentences.flatMap((sentence, i) => {
      const out = path.join(dir, `sentence-${i}.wav`);
      execFileSync("flite", ["-voice", voice, "-t", sentence, "-o", out]);
      return [pcmOf(readFileSync(out)), pause];
    });
    return wavOf(Buffer.concat(parts));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
