/**
 * Sentence restoration on what pocketsphinx really prints (flite voices through
 * pocketsphinx_continuous -time yes, parsed by the runner's own parser) and on word lists written
 * like it: lower case, no punctuation, contiguous word times with short <sil> gaps.
 */
import { describe, expect, it } from "vitest";
import { parsePocketsphinxOutput } from "../../containers/media-runner/src/engines/pocketsphinx";
import type { Segment } from "../../containers/media-runner/src/protocol";
import { restoreSentences } from "../../workers/transcripts/restore-sentences";
import { normalizeSpokenNumbers } from "../../workers/transcripts/spoken-numbers";

// `flite -voice rms` reading a four-step onboarding script, as pocketsphinx heard it.
const ONBOARDING_RMS = `<s> 0.070 0.180 0.999700;our(2) 0.190 0.460 0.446823;on(2) 0.470 0.660 0.291434;boarding 0.670 1.040 0.991733;process(2) 1.050 1.620 0.502289;has 1.630 1.930 0.769565;four 1.940 2.140 0.968309;steps 2.150 2.580 0.997702;<sil> 2.590 2.640 0.815198;first 2.650 3.060 0.999500;to(3) 3.070 3.170 0.175503;the 3.180 3.330 0.885224;customer 3.340 3.990 0.907637;signs 4.000 4.430 0.806279;up 4.440 4.610 0.891711;on 4.620 4.710 0.499733;the 4.720 4.790 0.999600;web 4.800 5.000 0.392465;site 5.010 5.450 0.393644;next 5.460 5.870 0.947995;to(3) 5.880 5.990 0.150616;the 6.000 6.140 0.971996;system 6.150 6.640 0.925326;verify 6.650 7.180 0.228877;as(2) 7.190 7.310 0.110609;the 7.320 7.460 0.551966;email 7.470 7.890 0.893228;address(2) 7.900 8.310 0.846522;<sil> 8.320 8.370 0.767182;then 8.380 8.640 0.289082;the(2) 8.650 8.760 0.815606;accounting 8.770 9.370 0.967922;team 9.380 9.650 1.000000;reviews 9.660 10.170 0.557291;the(2) 10.180 10.280 0.789522;application 10.290 11.200 0.995609;<sil> 11.210 11.250 0.892960;finally 11.260 11.880 0.998900;<sil> 11.890 11.920 0.754023;the 11.930 12.090 0.931361;customer 12.100 12.800 1.000100;receives(2) 12.810 13.400 0.972677;a 13.410 13.450 0.853407;welcome 13.460 13.920 0.987873;package 13.930 14.460 0.634541;and(2) 14.470 14.660 0.821994;starts 14.670 15.120 0.257083;using 15.130 15.480 1.000100;the 15.490 15.580 0.997303;product 15.590 16.180 0.988960;</s> 16.190 16.310 1.000000`;

// `flite -voice slt` (sentences spoken apart, as speechWav does): a conditional, a year, a percentage, a question and a cause.
const MIXED_SLT = `<s> 0.110 0.190 0.998900;if 0.200 0.410 0.859059;the 0.420 0.510 0.666279;payment 0.520 0.940 0.373621;fails 0.950 1.670 0.297857;<sil> 1.680 1.700 0.606799;we 1.710 1.900 0.151674;retry 1.910 2.470 0.301062;the 2.480 2.570 0.264622;charge 2.580 3.060 0.965119;<sil> 3.061 3.550 0.9;the 3.560 3.600 0.991535;project 3.610 3.820 0.991733;started 3.830 4.280 0.975990;in 4.290 4.380 0.993222;nineteen 4.390 4.950 0.999300;sixty 4.960 5.350 0.999300;nine 5.360 5.820 0.989752;<sil> 5.830 5.850 0.750862;how 9.410 9.670 0.206040;does 9.680 9.900 0.515985;the 9.910 9.990 0.907001;system 10.000 10.420 0.999700;work 10.430 10.640 0.523837;<sil> 10.650 10.730 0.775591;because(3) 10.740 11.190 0.902297;the 11.200 11.280 0.486566;queue 11.290 11.450 0.371423;is 11.460 11.580 0.515263;durable 11.590 12.140 0.538390;<sil> 12.150 12.230 0.954655;no 12.240 12.500 0.373920;message 12.510 13.140 0.490818;is 13.141 13.300 0.9;lost 13.310 13.680 0.934533;</s> 13.690 13.800 1.000000`;

const parse = (fixture: string) => parsePocketsphinxOutput(fixture.split(";").join("\n"), 0);

/** A pocketsphinx-like utterance: "|" is a short silence (0.05 s), "||" a sentence-long one (0.5 s). */
function utterance(script: string, start = 0): Segment {
  let t = start;
  const words = script.split(" ").flatMap((token) => {
    if (token === "|" || token === "||") {
      t += token === "|" ? 0.05 : 0.5;
      return [];
    }
    const word = { word: token, start: t, end: t + 0.3, confidence: 0.9 };
    t += 0.31;
    return [word];
  });
  return {
    start: words[0]!.start,
    end: words.at(-1)!.end,
    text: words.map((w) => w.word).join(" "),
    confidence: 0.9,
    words,
  };
}

const texts = (segments: Segment[]) => segments.map((s) => s.text);

describe("restoring sentences from pocketsphinx", () => {
  it("cuts a real flite/pocketsphinx onboarding talk into its steps, keeping the engine's words and times", () => {
    const raw = parse(ONBOARDING_RMS);
    expect(raw).toHaveLength(1);
    const { segments, punctuation } = restoreSentences(raw, "en");
    expect(punctuation).toBe("restored");
    expect(texts(segments)).toEqual([
      "Our on boarding process has 4 steps.",
      "First, the customer signs up on the web site.",
      "Next, the system verify as the email address.",
      "Then the accounting team reviews the application.",
      "Finally, the customer receives a welcome package and starts using the product.",
    ]);
    expect(segments.every((s) => s.restored === true)).toBe(true);
    // The raw words are the engine's, in order, none lost or rewritten.
    expect(segments.flatMap((s) => s.words)).toEqual(raw[0]!.words);
    expect(segments[1]).toMatchObject({ start: 2.65, end: 5.45 });
  });

  it("restores a conditional's comma, a year, a question and a cause from pauses and cues", () => {
    const { segments } = restoreSentences(parse(MIXED_SLT), "en-US");
    expect(texts(segments)).toEqual([
      "If the payment fails, we retry the charge.",
      "The project started in 1969.",
      "How does the system work?",
      "Because the queue is durable, no message is lost.",
    ]);
  });

  it("splits a six-step process said without pauses into six sentences", () => {
    const spoken = utterance(
      "to ship a release we follow six steps first we freeze the branch second we run the tests then we build the packages after that we sign them next we publish the notes and finally we announce the release",
    );
    const { segments } = restoreSentences([spoken], "en");
    expect(texts(segments)).toEqual([
      "To ship a release we follow 6 steps.",
      "First, we freeze the branch.",
      "Second, we run the tests.",
      "Then we build the packages.",
      "After that, we sign them.",
      "Next, we publish the notes.",
      "And finally, we announce the release.",
    ]);
  });

  it("leaves cue words alone inside a phrase and capitalises I", () => {
    const date = utterance("the beta goes out to twenty customers on april | first || we collect feedback through may");
    expect(restoreSentences([date], "en").segments.map((s) => s.text)).toEqual([
      "The beta goes out to 20 customers on April 1.",
      "We collect feedback through may.", // "may" stays lower case: it is more often the verb
    ]);
    const spoken = utterance("i think the first version was better and i know the next week is busy");
    expect(texts(restoreSentences([spoken], "en").segments)).toEqual([
      "I think the first version was better and I know the next week is busy.",
    ]);
  });

  it("needs a pause before a weak cue", () => {
    const joined = restoreSentences([utterance("we can wait but the customer cannot")], "en").segments;
    expect(texts(joined)).toEqual(["We can wait but the customer cannot."]);
    const paused = restoreSentences(
      [utterance("we tried the old system for a year | but the customer kept waiting")],
      "en",
    ).segments;
    expect(texts(paused)).toEqual(["We tried the old system for a year.", "But the customer kept waiting."]);
  });

  it("ends a sentence at a long pause and at each engine utterance", () => {
    const a = utterance("the data arrives every night || the report is ready by morning");
    const b = utterance("everyone reads it over coffee", 10);
    expect(texts(restoreSentences([a, b], "en").segments)).toEqual([
      "The data arrives every night.",
      "The report is ready by morning.",
      "Everyone reads it over coffee.",
    ]);
  });

  it("cuts a run-on longer than forty words at its longest pause", () => {
    const long = utterance(
      `${"we keep talking about the plan ".repeat(5)}| ${"and the budget for the work ".repeat(5)}`.trim(),
    );
    const segments = restoreSentences([long], "en").segments;
    expect(segments).toHaveLength(2);
    expect(segments[1]!.text.startsWith("And the budget")).toBe(true);
  });

  it("keeps a transcript the engine punctuated as it is", () => {
    const punctuated: Segment = { start: 0, end: 2, text: "First, we record.", confidence: 0.9, words: [] };
    expect(restoreSentences([punctuated], "en")).toEqual({ segments: [punctuated], punctuation: "engine" });
  });
});

describe("restoring Japanese sentences from whisper without 。", () => {
  const token = (word: string, start: number) => ({ word, start, end: start + 0.2, confidence: 0.8 });
  const segment = (words: string[], start: number): Segment => {
    const timed = words.map((w, k) => token(w, start + k * 0.2));
    return { start, end: start + words.length * 0.2, text: words.join(""), confidence: 0.8, words: timed };
  };

  it("ends a sentence at a predicate followed by まず / 次に / 最後に and at a segment that ends one", () => {
    const segments = [
      segment(
        [
          "手続き",
          "は",
          "三",
          "段階",
          "です",
          "まず",
          "申し込み",
          "を",
          "受け付け",
          "ます",
          "次に",
          "審査",
          "し",
          "ます",
        ],
        0,
      ),
      segment(["最後に", "結果", "を", "送り", "ます"], 4),
    ];
    const restored = restoreSentences(segments, "ja");
    expect(restored.punctuation).toBe("restored");
    expect(texts(restored.segments)).toEqual([
      "手続きは三段階です。",
      "まず申し込みを受け付けます。",
      "次に審査します。",
      "最後に結果を送ります。",
    ]);
    expect(restored.segments[1]).toMatchObject({ start: 1, restored: true });
  });

  it("joins a segment that ends on a continuing form to the next", () => {
    const segments = [segment(["データ", "を", "集め", "て"], 0), segment(["結果", "を", "分析", "し", "ます"], 1)];
    expect(texts(restoreSentences(segments, "ja").segments)).toEqual(["データを集めて結果を分析します。"]);
  });
});

describe("spoken numbers and dates", () => {
  const write = (spoken: string) =>
    normalizeSpokenNumbers(spoken.split(" "))
      .map((t) => t.text)
      .join(" ");

  it.each([
    ["it landed in nineteen sixty nine", "it landed in 1969"],
    ["in twenty twenty four we grew", "in 2024 we grew"],
    ["nineteen oh five", "1905"],
    ["two thousand and five", "2005"],
    ["we have four steps", "we have 4 steps"],
    ["go to step three", "go to step 3"],
    ["one of the four teams", "one of the 4 teams"],
    ["twenty four hours", "24 hours"],
    ["fifty percent", "50%"],
    ["three point five million", "3.5 million"],
    ["a hundred people", "100 people"],
    ["on july fourth nineteen seventy six", "on July 4, 1976"],
    ["we may start in march twenty twenty five", "we may start in March 2025"],
    ["one day we will have two of them", "one day we will have two of them"],
  ])("%s → %s", (spoken, written) => {
    expect(write(spoken)).toBe(written);
  });
});
