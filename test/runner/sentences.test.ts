/**
 * Sentences restored end to end: flite speaks a process talk (the one `npm start` runs), the real
 * runner transcribes it with pocketsphinx, and the Worker's restoration turns the unpunctuated
 * words into sentences that the 図解 engine draws as a flow of the talk's steps.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TALK } from "../../scripts/demo-talk.mjs";
import { analyze, buildDiagram, detectType } from "../../workers/engine";
import { ENGLISH_CASES } from "../../workers/engine/eval/cases-en";
import { restoreSentences } from "../../workers/transcripts/restore-sentences";
import { speechWav } from "../fixtures/speech";
import { expectCompletedTranscript } from "./assertions.ts";
import { scratchDir, segmentsOf, startTestRunner, type TestRunner, transcribeLines } from "./helpers.ts";

let runner: TestRunner;
let dir: string;

beforeAll(async () => {
  runner = await startTestRunner();
  dir = await scratchDir();
});
afterAll(() => runner.close());

let recordings = 0;
async function transcribe(sentences: string[], pauseSeconds: number, voice: "rms" | "slt") {
  const file = join(dir, `talk-${++recordings}.wav`);
  await writeFile(file, speechWav(sentences, pauseSeconds, voice));
  const lines = await transcribeLines(runner.url, file, { options: { language: "en" } });
  expectCompletedTranscript(lines);
  return segmentsOf(lines);
}

describe("sentences from pocketsphinx's words", () => {
  it("turns the demo talk into one sentence per step and a flow of those steps", async () => {
    const raw = await transcribe([...DEMO_TALK], 0.4, "rms");
    expect(raw.some((s) => /[.?!]/.test(s.text))).toBe(false);
    const { segments, punctuation } = restoreSentences(raw, "en");
    console.log(segments.map((s) => s.text).join("\n"));
    expect(punctuation).toBe("restored");
    expect(segments.flatMap((s) => s.words)).toEqual(raw.flatMap((s) => s.words));
    for (const segment of segments) expect(segment.text).toMatch(/^[A-Z0-9].*[.?]$/);
    const starts = segments.map((s) => s.text.split(/[ ,]/)[0]);
    expect(starts).toEqual(expect.arrayContaining(["First", "Next", "Then", "After", "Finally"]));
    expect(segments.some((s) => /\b5 steps\b/.test(s.text))).toBe(true);

    const diagram = buildDiagram(analyze({ text: segments.map((s) => s.text).join(" "), segments, language: "en" }), {
      type: "auto",
    });
    expect(diagram.type).toBe("flow");
    // The five steps, titled from the framing sentence; the counting and the summing-up are no steps.
    expect(diagram.title).toMatch(/^Publishing a pod ?cast episode$/);
    expect(diagram.nodes.map((n) => n.label)).toEqual(
      expect.arrayContaining(["Record interview", "Remove long pauses", "Review final episode", "Go live on website"]),
    );
    expect(diagram.nodes).toHaveLength(5);
  });

  it("finds the steps when a speaker runs the sentences together", async () => {
    const raw = await transcribe(
      ["First we collect the data. Then we analyse the results. Finally we draw the diagram."],
      0.2,
      "slt",
    );
    const texts = restoreSentences(raw, "en").segments.map((s) => s.text);
    console.log(texts.join("\n"));
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts.filter((t) => /^(First|Then|And then|Finally)\b/.test(t)).length).toBeGreaterThanOrEqual(3);
  });
});

describe("a spoken talk draws the diagram type its text draws", () => {
  // One talk per type the issue names, from the labelled set; bench/spoken.mjs runs the whole set.
  it.each(["en-flow-onboarding", "en-comparison-rent", "en-timeline-launch"])("%s", async (id) => {
    const talk = ENGLISH_CASES.find((c) => c.id === id)!;
    const raw = await transcribe(talk.text.split(/(?<=[.?!])\s+/), 0.5, "rms");
    const { segments } = restoreSentences(raw, "en");
    const spoken = detectType(analyze({ text: segments.map((s) => s.text).join(" "), segments, language: "en" }));
    console.log(segments.map((s) => s.text).join("\n"));
    expect(detectType(analyze({ text: talk.text })).type).toBe(talk.expected);
    expect(spoken.type).toBe(talk.expected);
  });
});
