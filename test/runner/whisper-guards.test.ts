/**
 * whisper's failure modes, guarded before its text leaves the runner: hallucinated stock phrases
 * over silence, repetition loops and timestamps drifting after a long silence. whisper.cpp JSON
 * fixtures written for the test go through the real parser; the chunk's audio is 16 kHz PCM built
 * here (sound where someone speaks, digital silence elsewhere). The engine case runs a stand-in
 * whisper-cli script, since no whisper build or model can be installed on these machines.
 */
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWhisperEngine } from "../../containers/media-runner/src/engines/whisper.ts";
import {
  chunkEnergy,
  guardWhisperSegments,
  isSilentChunk,
} from "../../containers/media-runner/src/engines/whisper-guards.ts";
import { parseWhisperJson } from "../../containers/media-runner/src/engines/whisper-json.ts";
import { wavOf } from "../../scripts/flite-speech.mjs";
import { scratchDir } from "./helpers.ts";

const RATE = 16000;

/** PCM of `seconds` with noise at about -20 dBFS inside each [from, to) range, silence elsewhere. */
function pcm(seconds: number, sounding: [number, number][]): Int16Array {
  const samples = new Int16Array(Math.round(seconds * RATE));
  let seed = 7;
  for (const [from, to] of sounding) {
    for (let i = Math.round(from * RATE); i < Math.min(samples.length, Math.round(to * RATE)); i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      samples[i] = ((seed % 6000) - 3000) * 1.5;
    }
  }
  return samples;
}

function wav(samples: Int16Array): Buffer {
  return wavOf(Buffer.from(samples.buffer));
}

/** whisper.cpp -ojf output: one entry per [from ms, to ms, text], tokens one per word. */
function whisperJson(entries: [number, number, string][]) {
  return {
    transcription: entries.map(([from, to, text]) => {
      const parts = text.split(/(?<=\s)|(?=\s)/).filter((p) => p.trim());
      const step = (to - from) / Math.max(1, parts.length);
      return {
        timestamps: { from: "", to: "" },
        offsets: { from, to },
        text,
        tokens: parts.map((part, k) => ({
          text: ` ${part}`,
          offsets: { from: from + k * step, to: from + (k + 1) * step },
          p: 0.9,
        })),
      };
    }),
  };
}

const guard = (entries: [number, number, string][], audio: Int16Array, offset = 0) =>
  guardWhisperSegments(parseWhisperJson(whisperJson(entries), offset), chunkEnergy(audio, RATE), offset);

describe("whisper guards", () => {
  it("drops a stock phrase whisper wrote over silence, and keeps one that was said", () => {
    const audio = pcm(12, [[0, 3]]);
    const segments = guard(
      [
        [0, 3000, "今日は手順を説明します。"],
        [5000, 9000, "ご視聴ありがとうございました"],
      ],
      audio,
    );
    expect(segments.map((s) => s.text)).toEqual(["今日は手順を説明します。"]);
    const said = guard([[0, 3000, "Thank you for watching."]], audio);
    expect(said.map((s) => s.text)).toEqual(["Thank you for watching."]);
    const english = guard(
      [
        [0, 3000, "Today we ship the release."],
        [4000, 11000, " Thank you for watching! Please subscribe."],
      ],
      audio,
    );
    expect(english.map((s) => s.text)).toEqual(["Today we ship the release."]);
  });

  it("calls a chunk of silence or room tone silent, and one with speech not", () => {
    expect(isSilentChunk(chunkEnergy(pcm(30, []), RATE))).toBe(true);
    expect(isSilentChunk(chunkEnergy(pcm(30, [[10, 10.05]]), RATE))).toBe(true);
    expect(isSilentChunk(chunkEnergy(pcm(30, [[10, 12]]), RATE))).toBe(false);
  });

  it("collapses a repetition loop within a segment and across segments", () => {
    const audio = pcm(20, [[0, 20]]);
    const segments = guard(
      [
        [0, 2000, "the next step is review"],
        [2000, 6000, "the end the end the end the end the end"],
        [6000, 8000, "はい、わかりました。"],
        [8000, 10000, "はい、わかりました。"],
        [10000, 12000, "はい、わかりました。"],
        [12000, 14000, "次に進みます。"],
      ],
      audio,
    );
    expect(segments.map((s) => s.text)).toEqual([
      "the next step is review",
      "the end",
      "はい、わかりました。",
      "次に進みます。",
    ]);
    expect(segments[1]!.words.map((w) => w.word)).toEqual(["the", "end"]);
    expect(segments[2]).toMatchObject({ start: 6, end: 12 });
  });

  it("moves segments that drifted into a long silence onto the speech after it", () => {
    // Speech 0–2 s, ten seconds of silence, speech again 12–15 s; whisper put the second part at 3–6 s.
    const audio = pcm(16, [
      [0, 2],
      [12, 15],
    ]);
    const segments = guard(
      [
        [0, 2000, " First we freeze the branch."],
        [3000, 6000, " Then we build the packages."],
      ],
      audio,
      60,
    );
    expect(segments[0]).toMatchObject({ start: 60, end: 62 });
    expect(segments[1]!.start).toBeCloseTo(72, 1);
    expect(segments[1]!.end).toBeCloseTo(75, 1);
    expect(segments[1]!.words[0]!.start).toBeCloseTo(72, 1);
    for (const s of segments) for (const w of s.words) expect(w.end).toBeLessThanOrEqual(s.end);
  });

  it("never runs whisper on a silent chunk, and guards what it says on one with speech", async () => {
    const dir = await scratchDir();
    const log = join(dir, "runs.log");
    const fixture = join(dir, "fixture.json");
    await writeFile(
      fixture,
      JSON.stringify(
        whisperJson([
          [0, 2000, "データを集めます。"],
          [4000, 8000, "ご視聴ありがとうございました"],
        ]),
      ),
    );
    // Stands in for whisper-cli: writes the fixture where -of says and records that it ran.
    const binary = join(dir, "whisper-cli");
    await writeFile(
      binary,
      `#!/bin/sh\necho run >> ${log}\nwhile [ "$1" != "-of" ]; do shift; done\ncp ${fixture} "$2.json"\n`,
    );
    await chmod(binary, 0o755);
    const model = join(dir, "ggml-base.bin");
    await writeFile(model, "");
    const engine = createWhisperEngine({ binary, model, version: "v1.7.6", threads: 1 });

    const silent = join(dir, "silent.wav");
    await writeFile(silent, wav(pcm(10, [])));
    expect(await engine.transcribeChunk(silent, { language: "ja", offsetSeconds: 0, scratchDir: dir })).toEqual([]);
    await expect(readFile(log, "utf8")).rejects.toThrow();

    const speech = join(dir, "speech.wav");
    await writeFile(speech, wav(pcm(10, [[0, 2]])));
    const segments = await engine.transcribeChunk(speech, { language: "ja", offsetSeconds: 30, scratchDir: dir });
    expect(segments.map((s) => [s.start, s.text])).toEqual([[30, "データを集めます。"]]);
    expect(await readFile(log, "utf8")).toBe("run\n");
  });
});
