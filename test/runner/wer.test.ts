/** Word error rate on cases computed by hand. */
import { describe, expect, it } from "vitest";
import {
  corpusWordErrorRate,
  normalizeWords,
  wordErrorRate,
  wordErrors,
} from "../../containers/media-runner/src/wer.ts";

describe("normalizeWords", () => {
  it("drops case and punctuation, keeps in-word apostrophes, splits hyphenated words", () => {
    expect(normalizeWords("Hello, World! Don't stop — cold-hearted 'quoted'.")).toEqual([
      "hello",
      "world",
      "don't",
      "stop",
      "cold",
      "hearted",
      "quoted",
    ]);
  });
});

describe("wordErrorRate", () => {
  it("is 0 for identical text, whatever the case and punctuation", () => {
    expect(wordErrorRate("Hello, world.", "hello world")).toBe(0);
  });

  it("counts one insertion over three reference words", () => {
    // the cat sat | the cat sat down → 1 insertion / 3
    expect(wordErrorRate("the cat sat", "the cat sat down")).toBeCloseTo(1 / 3, 10);
    expect(wordErrors("the cat sat", "the cat sat down")).toEqual({
      substitutions: 0,
      deletions: 0,
      insertions: 1,
      errors: 1,
      referenceWords: 3,
    });
  });

  it("counts a substitution and two deletions", () => {
    // the cat sat on the mat → the bat sat mat: cat→bat (S), on (D), the (D) → 3 / 6
    expect(wordErrors("the cat sat on the mat", "the bat sat mat")).toEqual({
      substitutions: 1,
      deletions: 2,
      insertions: 0,
      errors: 3,
      referenceWords: 6,
    });
    expect(wordErrorRate("the cat sat on the mat", "the bat sat mat")).toBe(0.5);
  });

  it("is 1 when nothing was recognised, and can exceed 1 with insertions", () => {
    expect(wordErrorRate("a b c", "")).toBe(1);
    // a → b c d: one substitution and two insertions over one word
    expect(wordErrorRate("a", "b c d")).toBe(3);
  });

  it("handles an empty reference", () => {
    expect(wordErrorRate("", "")).toBe(0);
    expect(wordErrorRate("", "noise")).toBe(1);
  });

  it("prefers the cheapest alignment (a shifted sentence is not all substitutions)", () => {
    // he was not an ill disposed young man → he was not an illness those young man
    // ill→illness (S), disposed→those (S) → 2 / 8
    expect(wordErrorRate("he was not an ill disposed young man", "he was not an illness those young man")).toBe(0.25);
    // one extra word at the front: 1 insertion, not 4 substitutions
    expect(wordErrorRate("one two three four", "zero one two three four")).toBe(0.25);
  });
});

describe("corpusWordErrorRate", () => {
  it("sums errors over all reference words instead of averaging rates", () => {
    const pairs = [
      { reference: "a b", hypothesis: "a" }, // 1 error, 2 words
      { reference: "c d e f", hypothesis: "c d e f" }, // 0 errors, 4 words
    ];
    expect(corpusWordErrorRate(pairs)).toBeCloseTo(1 / 6, 10);
  });
});
