/** whisper.cpp JSON (-ojf) → segments, against hand-written fixtures in the documented format. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeWhisperOutput, parseWhisperJson } from "../../containers/media-runner/src/engines/whisper.ts";
import { Segment } from "../../containers/media-runner/src/protocol.ts";

const fixtureBytes = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe("parseWhisperJson", () => {
  it("turns English tokens into words with absolute times; drops control tokens and [BLANK_AUDIO]", () => {
    const segments = parseWhisperJson(decodeWhisperOutput(fixtureBytes("whisper-en.json")), 60);
    expect(segments).toHaveLength(1);
    const [segment] = segments;
    expect(segment?.text).toBe("Hello world, this is a test.");
    expect([segment?.start, segment?.end]).toEqual([60, 62.5]);
    // mean of the nine text tokens' p: (0.95+0.9+0.7+0.99+0.97+0.96+0.8+0.6+0.9) / 9
    expect(segment?.confidence).toBe(0.863);
    expect(segment?.words).toEqual([
      { word: "Hello", start: 60, end: 60.4, confidence: 0.95 },
      { word: "world,", start: 60.4, end: 60.82, confidence: 0.8 },
      { word: "this", start: 60.9, end: 61.1, confidence: 0.99 },
      { word: "is", start: 61.1, end: 61.25, confidence: 0.97 },
      { word: "a", start: 61.25, end: 61.3, confidence: 0.96 },
      { word: "test.", start: 61.3, end: 62, confidence: 0.767 },
    ]);
    expect(() => segments.map((s) => Segment.parse(s))).not.toThrow();
  });

  it("treats each Japanese token as a word (日本語 has no spaces) and keeps Latin runs apart", () => {
    const segments = parseWhisperJson(decodeWhisperOutput(fixtureBytes("whisper-ja.json")), 0);
    expect(segments.map((segment) => segment.text)).toEqual(["日本語の音声認識です。", "AIで図解を作ります。"]);
    expect(segments[0]?.words.map((word) => word.word)).toEqual(["日本", "語", "の", "音", "声", "認識", "です。"]);
    expect(segments[1]?.words.map((word) => word.word)).toEqual(["AI", "で", "図", "解", "を", "作", "ります。"]);
    expect(segments[0]?.words[0]).toEqual({ word: "日本", start: 0, end: 0.4, confidence: 0.9 });
    expect(segments[1]?.words.at(-1)).toEqual({ word: "ります。", start: 3.1, end: 3.45, confidence: 0.95 });
  });

  it("accepts plain -oj output (no tokens): no words, and no invented confidence", () => {
    const json = {
      transcription: [
        { timestamps: { from: "00:00:00,000", to: "00:00:01,000" }, offsets: { from: 0, to: 1000 }, text: " Hi." },
      ],
    };
    expect(parseWhisperJson(json, 5)).toEqual([{ start: 5, end: 6, text: "Hi.", confidence: 0, words: [] }]);
  });

  it("rejects output that is not whisper.cpp JSON", () => {
    expect(() => parseWhisperJson({ segments: [] }, 0)).toThrow();
  });
});

describe("decodeWhisperOutput", () => {
  it("restores a character whose UTF-8 bytes whisper.cpp split across two tokens", () => {
    // 認 is E8 AA 8D; the tokenizer emitted E8 AA in one token and 8D 識 in the next.
    const ninBytes = Buffer.from("認", "utf8");
    const bytes = Buffer.concat([
      Buffer.from('{"transcription":[{"offsets":{"from":0,"to":1000},"text":" 認識","tokens":[{"text":"'),
      ninBytes.subarray(0, 2),
      Buffer.from('","offsets":{"from":0,"to":300},"p":0.5},{"text":"'),
      ninBytes.subarray(2),
      Buffer.from('識","offsets":{"from":300,"to":1000},"p":0.9}]}]}'),
    ]);
    const segments = parseWhisperJson(decodeWhisperOutput(bytes), 0);
    expect(segments[0]?.text).toBe("認識");
    expect(segments[0]?.words).toEqual([{ word: "認識", start: 0, end: 1, confidence: 0.7 }]);
  });
});
