import { describe, expect, it } from "vitest";
import { sniffAudio } from "../../workers/storage/audio-sniff";
import { toSrt, toText, toVtt } from "../../workers/transcripts/formats";

const segments = [
  { start: 0.5, end: 2.25, text: "first we collect the data", confidence: 0.9, words: [] },
  { start: 3661.007, end: 3662, text: "then --> we\n\nanalyse it", confidence: 0.8, words: [] },
  { start: 4000, end: 4001, text: "  ", confidence: 0, words: [] },
];

describe("transcript exports", () => {
  it("writes SubRip with comma milliseconds and hour rollover", () => {
    expect(toSrt(segments)).toBe(
      "1\n00:00:00,500 --> 00:00:02,250\nfirst we collect the data\n\n2\n01:01:01,007 --> 01:01:02,000\nthen → we\nanalyse it\n",
    );
  });

  it("writes WebVTT with a header and no arrow inside cue text", () => {
    const vtt = toVtt(segments);
    expect(vtt.startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n")).toBe(true);
    expect(vtt.split("-->").length).toBe(3);
  });

  it("writes plain text, one segment a line, and nothing for silence", () => {
    expect(toText(segments)).toBe("first we collect the data\nthen --> we\n\nanalyse it\n");
    expect(toText([])).toBe("");
  });
});

describe("sniffAudio", () => {
  const bytes = (text: string, pad = 16) => {
    const out = new Uint8Array(pad);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  };
  it.each([
    ["RIFF\0\0\0\0WAVEfmt ", "wav"],
    ["OggS", "ogg"],
    ["fLaC", "flac"],
    ["\0\0\0\x20ftypM4A ", "m4a"],
    ["\x1a\x45\xdf\xa3", "webm"],
    ["ID3\x04", "mp3"],
    ["\xff\xfb\x90\x64", "mp3"],
  ])("recognises %j as %s", (head, format) => expect(sniffAudio(bytes(head))).toBe(format));

  it.each([["\x89PNG\r\n\x1a\n"], ["%PDF-1.7"], ["<html>"], ["RIFF\0\0\0\0AVI "], ["\xff\xf9"]])("refuses %j", (head) =>
    expect(sniffAudio(bytes(head))).toBeUndefined(),
  );
});
