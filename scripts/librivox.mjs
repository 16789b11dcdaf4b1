// The five LibriVox utterances (Sense and Sensibility, read by a person) that Debian's
// pocketsphinx-testdata ships with their reference transcripts: the accuracy reference for the
// speech tests and the bench. Plain JavaScript so the bench can read it without a build.
import { readFileSync } from "node:fs";

export const LIBRIVOX_DIR = "/usr/share/pocketsphinx/test/data/librivox";

/** `<s> words </s> (utterance-id)` per line → each utterance's WAV file and reference text. */
export function librivoxUtterances() {
  return readFileSync(`${LIBRIVOX_DIR}/transcription`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /^(.*)\((\S+)\)\s*$/.exec(line);
      if (!match?.[1] || !match[2]) throw new Error(`unexpected transcription line: ${line}`);
      return {
        id: match[2],
        file: `${LIBRIVOX_DIR}/${match[2]}.wav`,
        reference: match[1].replace(/<\/?s>/g, "").trim(),
      };
    });
}
