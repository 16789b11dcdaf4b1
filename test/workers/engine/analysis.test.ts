import { describe, expect, it } from "vitest";
import { analyze } from "../../../workers/engine/index";

const texts = (text: string, language?: "ja" | "en") => analyze({ text, language }).sentences.map((s) => s.text);

describe("analyze: sentences", () => {
  it("keeps abbreviations, decimals and initials inside English sentences", () => {
    expect(
      texts(
        "We use tools, e.g. Python. Dr. Smith said the U.S. economy grew 3.5 percent. J. K. Rowling agreed! Did it? Yes...",
      ),
    ).toEqual([
      "We use tools, e.g. Python.",
      "Dr. Smith said the U.S. economy grew 3.5 percent.",
      "J. K. Rowling agreed!",
      "Did it?",
      "Yes...",
    ]);
  });

  it("splits Japanese on 。！？ but not inside 「」 quotes", () => {
    expect(texts("まず切ります。次に炒めます！完成？彼は「はい。わかりました。」と言った。")).toEqual([
      "まず切ります。",
      "次に炒めます!",
      "完成?",
      "彼は「はい。わかりました。」と言った。",
    ]);
  });

  it("detects the language from the script, and honours an explicit one", () => {
    expect(analyze({ text: "データを収集します。" }).language).toBe("ja");
    expect(analyze({ text: "We collect the data. The API then stores it." }).language).toBe("en");
    expect(analyze({ text: "iPhoneとAndroidの違い" }).language).toBe("ja");
    expect(analyze({ text: "hello", language: "ja" }).language).toBe("ja");
  });

  it("normalises full-width ASCII and drops control and invisible characters", () => {
    const analysis = analyze({ text: "ＡＰＩ\u0000 and\u200b data\u202e here." });
    expect(analysis.text).toBe("API and data here.");
  });
});

describe("analyze: cues and key phrases", () => {
  it("finds each kind of cue in both languages", () => {
    const en = analyze({
      text: "First we plan. If it rains, we stay. It consists of parts. In 2012 we began. Cats versus dogs. The loop repeats. Stress causes pain. The router connects to the switch. Let's brainstorm ideas. Plot them on two axes.",
    });
    const ja = analyze({
      text: "まず計画します。雨の場合は残ります。部品で構成されています。2012年に始めました。一方で犬は違います。これを繰り返します。ストレスは痛みの原因です。ルーターに接続しています。アイデアを出し合いましょう。縦軸と横軸で考えます。",
    });
    for (const analysis of [en, ja]) {
      for (const kind of [
        "sequence",
        "condition",
        "hierarchy",
        "time",
        "comparison",
        "cycle",
        "relation",
        "link",
        "brainstorm",
        "matrix",
      ] as const) {
        expect(analysis.cueTotals[kind], `${analysis.language} ${kind}`).toBeGreaterThan(0);
      }
    }
  });

  it("ranks the phrases a talk keeps returning to, in both scripts", () => {
    const en = analyze({
      text: "The payment service calls the bank. The payment service retries failures. The bank answers the payment service.",
    });
    expect(en.keyPhrases[0]?.key).toBe("payment service");
    const ja = analyze({
      text: "顧客管理システムは会計システムにつながっています。顧客管理システムは請求書を作ります。会計システムと顧客管理システムは毎日同期します。",
    });
    expect(ja.keyPhrases[0]?.text).toBe("顧客管理システム");
  });
});

describe("analyze: scenes", () => {
  it("times scenes from the segments they came from, interpolating inside a segment", () => {
    const analysis = analyze({
      text: "",
      segments: [
        { start: 0, end: 4, text: "First we collect the data. Then we" },
        { start: 4, end: 6, text: "clean it up carefully." },
        { start: 6, end: 9, text: "Finally we draw the diagram." },
      ],
    });
    expect(analysis.timed).toBe(true);
    expect(analysis.scenes.map((s) => s.text)).toEqual([
      "First we collect the data.",
      "Then we clean it up carefully.",
      "Finally we draw the diagram.",
    ]);
    const [a, b, c] = analysis.scenes;
    expect(a!.start).toBe(0);
    expect(a!.end).toBeGreaterThan(2);
    expect(b!.start).toBeGreaterThan(2);
    expect(b!.start).toBeLessThan(4);
    expect(b!.end).toBe(6);
    expect(c).toMatchObject({ start: 6, end: 9 });
  });

  it("uses segment ends as sentence ends when Japanese speech-to-text left out 。", () => {
    const analysis = analyze({
      text: "",
      segments: [
        { start: 0, end: 2, text: "まず材料を準備します" },
        { start: 2, end: 4, text: "次に炒めます" },
      ],
    });
    expect(analysis.sentences.map((s) => s.text)).toEqual(["まず材料を準備します", "次に炒めます"]);
    expect(analysis.scenes.map((s) => [s.start, s.end])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it("estimates times from the speaking rate without segments, and merges a filler into the next scene", () => {
    const analysis = analyze({ text: "Okay. We start with the data. Then we draw." });
    expect(analysis.timed).toBe(false);
    expect(analysis.scenes[0]!.text).toBe("Okay. We start with the data.");
    for (let i = 1; i < analysis.scenes.length; i++)
      expect(analysis.scenes[i]!.start).toBeGreaterThanOrEqual(analysis.scenes[i - 1]!.end);
  });
});
