import { describe, expect, it } from "vitest";
import { DEMO_TALK } from "../../../scripts/demo-talk.mjs";
import {
  analyze,
  buildDiagram,
  type DiagramData,
  type DiagramType,
  layoutDiagram,
  renderSvg,
} from "../../../workers/engine/index";

const build = (text: string, type: DiagramType | "auto" = "auto") => buildDiagram(analyze({ text }), { type });
const labels = (data: DiagramData) => data.nodes.map((n) => n.label);

/** The label floor of DESIGN §6, for every node of a diagram. */
function expectLabelFloor(data: DiagramData): void {
  for (const node of data.nodes) {
    expect(node.label).not.toContain("…");
    if (data.language === "en") expect(node.label.split(/\s+/).length, node.label).toBeLessThanOrEqual(6);
    else expect([...node.label].length, node.label).toBeLessThanOrEqual(14);
  }
}

describe("labels a person would write", () => {
  it("gives each English step its verb and object, with no ordinal left, and keeps the sentence as detail", () => {
    const text =
      "Good morning everyone. Today I want to walk you through how renting a flat works. First, the tenant views the flat. Second, the tenant signs the lease. Third, the landlord checks the references. Fourth, we collect the deposit. Fifth, the tenant receives the keys and moves in. Finally, we inspect the flat after a month.";
    const data = build(text, "flow");
    expect(data.title).toBe("Renting a flat");
    expect(labels(data)).toEqual([
      "View flat",
      "Sign lease",
      "Check references",
      "Collect deposit",
      "Receive keys",
      "Inspect flat after month",
    ]);
    expectLabelFloor(data);
    expect(data.nodes[1]!.detail).toBe("Second, the tenant signs the lease.");
  });

  it("draws npm start's demo talk as its five steps: no framing, counting or summing-up sentence is a step", () => {
    const data = build(DEMO_TALK.join(" "));
    expect(data.type).toBe("flow");
    expect(data.title).toBe("Publishing a podcast episode");
    expect(labels(data)).toEqual([
      "Record interview",
      "Remove long pauses",
      "Write show notes",
      "Review final episode",
      "Go live on website",
    ]);
    // What was said around the steps still has a node to show it: the first and the last step.
    expect(data.nodes.flatMap((n) => n.sceneIds).length).toBe(DEMO_TALK.length - 1);
  });

  it("keeps a named actor (a product, an acronym) as the subject of its step, and spells glossary terms", () => {
    const text =
      "Here is how a release reaches our users. First the team pushes the image to the github registry. Next Kubernetes rolls out the new pods. Then HR tells the customers. Finally Grafana shows the error rate so we know the release is healthy.";
    const data = buildDiagram(analyze({ text }), { type: "auto", terms: ["GitHub"] });
    expect(data.type).toBe("flow");
    expect(labels(data)).toEqual([
      "Push image to GitHub registry",
      "Kubernetes rolls out new pods",
      "HR tells customers",
      "Grafana shows error rate",
    ]);
    expectLabelFloor(data);
  });

  it("gives each Japanese step its object and verb within 14 characters, ordinals and markers removed", () => {
    const text =
      "皆さん、こんにちは。今日は口座開設の流れについて説明します。まず、申込書を窓口に提出します。次に、本人確認の書類を見せます。三番目に、暗証番号を決めます。最後に、通帳とキャッシュカードを受け取ります。";
    const data = build(text, "flow");
    expect(data.title).toBe("口座開設の流れ");
    expect(labels(data)).toEqual([
      "申込書を窓口に提出",
      "本人確認の書類を見せる",
      "暗証番号を決める",
      "キャッシュカードを受け取る",
    ]);
    expectLabelFloor(data);
    for (const node of data.nodes) expect(text).toContain(node.detail!);
  });

  it("puts the full sentence in a <title> tooltip on the node, and stays byte-identical", () => {
    const text =
      "Here's how to make tea. First, boil the water. Then warm the pot with a little hot water. Next, add one spoon of tea per cup. Finally, let it brew for four minutes.";
    const svg = () => renderSvg(layoutDiagram(build(text, "flow")));
    expect(svg()).toContain("<title>Then warm the pot with a little hot water.</title>");
    expect(svg()).toBe(svg());
  });

  it("names a diagram by its topic, never by a greeting", () => {
    expect(
      build(
        "Good morning everyone. Let me explain the nitrogen cycle. Bacteria fix nitrogen in the soil. Plants take it up. Animals eat the plants. Decomposers return it to the soil.",
      ).title,
    ).toBe("Nitrogen cycle");
    expect(
      build("おはようございます。今日は会社の歴史を振り返ります。1990年に会社ができました。2005年に上場しました。")
        .title,
    ).toBe("会社の歴史");
  });
});

describe("structure per type", () => {
  it("draws the stages a talk names as the ring of a cycle, in order", () => {
    const text =
      "Today we look at the life of a star. The first stage is the nebula. A cloud of gas slowly collapses. The second stage is the main sequence. The star burns hydrogen for billions of years. The third stage is the red giant. The last stage is the white dwarf, and its gas forms new nebulae.";
    const data = build(text, "cycle");
    expect(labels(data)).toEqual(["Nebula", "Main sequence", "Red giant", "White dwarf"]);
    expect(data.edges.filter((e) => e.kind === "cycle")).toHaveLength(1);
  });

  it('puts "neither … nor" and 〜でも〜でもない in the low–low quadrant', () => {
    const en = build(
      "We sort ideas on two axes: cost and value. Ideas that are costly and valuable get a business case. Ideas that are neither costly nor valuable are dropped.",
      "matrix",
    );
    const dropped = en.nodes.find((n) => n.label.startsWith("Dropped") || n.label.startsWith("Drop"))!;
    expect([dropped.row, dropped.column]).toEqual([2, 2]);
    const ja = build(
      "依頼は、難しいかどうかと急ぎかどうかの二つの軸で分けます。難しくて急ぎの依頼は、すぐに相談します。難しくも急ぎでもない依頼は、後で片付けます。",
      "matrix",
    );
    const later = ja.nodes.find((n) => n.label.includes("片付け"))!;
    expect([later.row, later.column]).toEqual([2, 2]);
  });

  it("makes pros and cons said outright into two columns of items", () => {
    const data = build(
      "Let's look at a four-day week. The pros: longer weekends, lower office costs and happier staff. The cons: longer days and harder scheduling.",
      "comparison",
    );
    const column = (i: number) => data.nodes.filter((n) => n.kind === "cell" && n.column === i).map((n) => n.label);
    expect(data.nodes.filter((n) => n.kind === "header").map((n) => n.label)).toEqual(["Pros", "Cons"]);
    expect(column(0)).toEqual(["Longer weekends", "Lower office costs", "Happier staff"]);
    expect(column(1)).toEqual(["Longer days", "Harder scheduling"]);
  });

  it("reads years said in kanji numerals as dates and shows them in digits", () => {
    const data = build(
      "お城の歴史をお話しします。千五百八十三年に、お城が建てられました。千八百七十三年には、天守が取り壊されました。千九百五十九年に、天守が再建されました。",
      "auto",
    );
    expect(data.type).toBe("timeline");
    expect(data.nodes.map((n) => n.time)).toEqual(["1583年", "1873年", "1959年"]);
    expectLabelFloor(data);
  });

  it("names mind-map branches by what was said, not by their ordinal", () => {
    const data = build(
      "Let's brainstorm the club's year. I see three areas. The first area is trips: a hike and a museum visit. The second area is talks, like a guest speaker and a panel. The third area is socials, for example a picnic and a quiz night.",
      "mindmap",
    );
    expect(data.nodes.filter((n) => n.kind === "branch").map((n) => n.label)).toEqual(["Trips", "Talks", "Socials"]);
  });

  it("keeps words that start with a numeral kanji as concepts (二酸化炭素)", () => {
    const data = build(
      "海と気候の関係を説明します。海は二酸化炭素を吸収します。二酸化炭素が増えると海が酸性になります。酸性の海はサンゴを弱らせます。",
      "conceptmap",
    );
    expect(labels(data)).toContain("二酸化炭素");
  });
});
