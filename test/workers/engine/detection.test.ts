import { describe, expect, it } from "vitest";
import { analyze, DIAGRAM_TYPES, detectType } from "../../../workers/engine/index";
import { REPRESENTATIVE } from "./fixtures";

describe("detectType", () => {
  for (const type of DIAGRAM_TYPES) {
    for (const language of ["en", "ja"] as const) {
      it(`recognises a typical ${type} talk in ${language}`, () => {
        const detection = detectType(analyze({ text: REPRESENTATIVE[type][language] }));
        expect(detection.type).toBe(type);
        expect(detection.reasons.length).toBeGreaterThan(0);
      });
    }
  }

  it("ranks every other type as an alternative, with confidences that sum to one", () => {
    const detection = detectType(analyze({ text: REPRESENTATIVE.timeline.en }));
    expect(detection.alternatives.map((a) => a.type).sort()).toEqual(
      DIAGRAM_TYPES.filter((t) => t !== "timeline").sort(),
    );
    const confidences = [detection.confidence, ...detection.alternatives.map((a) => a.confidence)];
    for (let i = 1; i < detection.alternatives.length; i++)
      expect(detection.alternatives[i - 1]!.confidence).toBeGreaterThanOrEqual(detection.alternatives[i]!.confidence);
    expect(confidences.reduce((s, c) => s + c, 0)).toBeCloseTo(1, 2);
    expect(detection.confidence).toBeGreaterThan(0.5);
  });

  it("names the cues that decided", () => {
    const detection = detectType(analyze({ text: REPRESENTATIVE.flowchart.en }));
    expect(detection.reasons[0]).toContain('"if"');
    expect(detection.reasons[0]).toContain('"otherwise"');
  });

  it("falls back to general cards when nothing structural was said, and for empty input", () => {
    expect(detectType(analyze({ text: "" })).type).toBe("general");
    expect(detectType(analyze({ text: "Hello." })).type).toBe("general");
  });
});
