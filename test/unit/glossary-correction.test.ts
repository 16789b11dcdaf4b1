/** The workspace glossary applied to transcripts: what is replaced, what is left, and what is recorded. */
import { describe, expect, it } from "vitest";
import type { Word } from "../../containers/media-runner/src/protocol";
import { applyGlossary, glossaryPrompt } from "../../workers/glossary/correction";

function segment(text: string, start = 0) {
  const words: Word[] = text
    .toLowerCase()
    .replace(/[.,?]/g, "")
    .split(/\s+/)
    .map((word, i) => ({ word, start: start + i * 0.4, end: start + i * 0.4 + 0.3, confidence: 0.9 }));
  return { start, end: start + words.length * 0.4, text, confidence: 0.9, words };
}

const GLOSSARY = [
  { term: "Zukai", spokenForms: ["zoo kai"] },
  { term: "Kubernetes", spokenForms: [] },
  { term: "JavaScript", spokenForms: [] },
  { term: "Cloudflare Workers", spokenForms: [] },
];

describe("glossary correction (English)", () => {
  it("replaces a spoken form, a phonetic near-miss and a spelling, recording each with its times", () => {
    const { segments, corrections } = applyGlossary(
      [
        segment("Then zoo kai transcribes the talk."),
        segment("We deploy it on cooper netties.", 10),
        segment("The console is written in java script and runs on cloudflare workers.", 20),
      ],
      GLOSSARY,
      "en",
    );
    expect(segments.map((s) => s.text)).toEqual([
      "Then Zukai transcribes the talk.",
      "We deploy it on Kubernetes.",
      "The console is written in JavaScript and runs on Cloudflare Workers.",
    ]);
    expect(corrections).toEqual([
      { segment: 0, heard: "zoo kai", term: "Zukai", match: "spoken_form", start: 0.4, end: 1.1 },
      { segment: 1, heard: "cooper netties", term: "Kubernetes", match: "phonetic", start: 11.6, end: 12.3 },
      { segment: 2, heard: "java script", term: "JavaScript", match: "spelling", start: 22, end: 22.7 },
      { segment: 2, heard: "cloudflare workers", term: "Cloudflare Workers", match: "spelling", start: 24, end: 24.7 },
    ]);
    // The engine's own words stay as they were heard.
    expect(segments[0]!.words.map((w) => w.word)).toEqual(["then", "zoo", "kai", "transcribes", "the", "talk"]);
  });

  it("leaves words that only sound alike in code, or are common words, or span punctuation", () => {
    const input = [segment("The sky is such a clear blue."), segment("We use workers, cloudflare and queues.")];
    const { segments, corrections } = applyGlossary(input, GLOSSARY, "en");
    expect(segments.map((s) => s.text)).toEqual(input.map((s) => s.text));
    expect(corrections).toEqual([]);
  });

  it("does nothing without a glossary, and leaves a term already spelled right unrecorded", () => {
    const input = [segment("Zukai draws the diagram.")];
    expect(applyGlossary(input, [], "en").segments).toEqual(input);
    expect(applyGlossary(input, GLOSSARY, "en").corrections).toEqual([]);
  });
});

describe("glossary correction (Japanese)", () => {
  it("writes a kana reading heard in hiragana or katakana as the term", () => {
    const { segments, corrections } = applyGlossary(
      [segment("まずズカイに録音をアップロードします。"), segment("次にずかいが図を描きます。", 5)],
      [{ term: "Zukai", spokenForms: ["ずかい"] }],
      "ja",
    );
    expect(segments.map((s) => s.text)).toEqual(["まずZukaiに録音をアップロードします。", "次にZukaiが図を描きます。"]);
    expect(corrections.map((c) => c.heard)).toEqual(["ズカイ", "ずかい"]);
  });
});

describe("whisper prompt", () => {
  it("lists the terms in the language's style, within whisper's prompt budget", () => {
    expect(glossaryPrompt(GLOSSARY, "en")).toBe("Zukai, Kubernetes, JavaScript, Cloudflare Workers.");
    expect(
      glossaryPrompt(
        [
          { term: "図解", spokenForms: [] },
          { term: "Zukai", spokenForms: [] },
        ],
        "ja",
      ),
    ).toBe("図解、Zukai。");
    const many = Array.from({ length: 200 }, (_, i) => ({ term: `Term number ${i}`, spokenForms: [] }));
    expect(glossaryPrompt(many, "en")!.length).toBeLessThanOrEqual(601);
    expect(glossaryPrompt([], "en")).toBeUndefined();
  });
});
