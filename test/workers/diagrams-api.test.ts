/** The diagram API over the pure engine: synchronous drawing, jobs, exports, edits, hostile text. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("diagrams");
});

const EN =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure of the talk. Finally we draw the diagram and render the video.";
const JA =
  "まず、各チームから録音を集めます。次に、話された内容を文字に起こします。そして、話の構造を分析します。最後に、図解を描いて動画を作ります。";

describe("drawing from text", () => {
  it.each([
    ["en", EN],
    ["ja", JA],
  ])(
    "draws short %s text at once, with the detection explained, and serves SVG, Mermaid and JSON",
    async (language, text) => {
      const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ language, revision: 1, detection: { confidence: expect.any(Number) } });
      expect(res.body.detection.alternatives.length).toBeGreaterThan(0);
      expect(res.body.data.nodes.length).toBeGreaterThan(1);
      expect(res.body.quality).toEqual({
        overlaps: 0,
        edgeCrossings: 0,
        labelsOverBudget: [],
        smallestTextPx: expect.any(Number),
        nodesWithoutScene: [],
      });
      expect(res.body.quality.smallestTextPx).toBeGreaterThanOrEqual(12);
      const svg = await api(`/api/v1/diagrams/${res.body.id}.svg`, { token: user.accessToken });
      expect(svg.headers.get("Content-Type")).toBe("image/svg+xml");
      expect(svg.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg.body).toContain("<title");
      const mermaid = await api(`/api/v1/diagrams/${res.body.id}.mmd`, { token: user.accessToken });
      expect(mermaid.body.length).toBeGreaterThan(10);
      const json = await api(`/api/v1/diagrams/${res.body.id}.json`, { token: user.accessToken });
      expect(json.body).toMatchObject({ version: 1, type: res.body.type });
      const usage = await env.DB.prepare(
        "SELECT count(*) AS n FROM usage_events WHERE job_id = ? AND meter = 'diagrams'",
      )
        .bind(res.body.jobId)
        .first<{ n: number }>();
      expect(usage!.n).toBe(1);
    },
  );

  it("always honours an explicit type", async () => {
    for (const type of ["timeline", "mindmap", "matrix"]) {
      const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: EN, type } });
      expect(res.status).toBe(201);
      expect(res.body.type).toBe(type);
    }
  });

  it("renders the same input to byte-identical SVG", async () => {
    const a = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: JA, theme: "dark" } });
    const b = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: JA, theme: "dark" } });
    const svgA = (await api(`/api/v1/diagrams/${a.body.id}.svg`, { token: user.accessToken })).body;
    const svgB = (await api(`/api/v1/diagrams/${b.body.id}.svg`, { token: user.accessToken })).body;
    expect(svgA).toBe(svgB);
  });

  it("turns long text into a job with analysis and visualization stages", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: ${EN}`).join(" ");
    const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: long } });
    expect(res.status).toBe(202);
    expect(res.body.stages.map((s: { name: string }) => s.name)).toEqual(["analysis", "visualization"]);
    const job = await waitForJob(user.accessToken, res.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.artifacts.map((a: { name: string }) => a.name).sort()).toEqual([
      "diagram.json",
      "diagram.mmd",
      "diagram.svg",
    ]);
    const diagram = await api(`/api/v1/diagrams/dgm_${job.id.slice(4)}`, { token: user.accessToken });
    expect(diagram.status).toBe(200);
    // The job names the diagram it drew, with the same quality report.
    expect(job.diagram).toEqual({ id: diagram.body.id, quality: diagram.body.quality });
    expect(diagram.body.quality.overlaps).toBe(0);
    // Only the input is left in the job's space: analysis hands its draft to visualization in memory.
    const objects = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${job.id}/` })).objects.map((o) =>
      o.key.split("/").pop(),
    );
    expect(objects).toEqual(["input.txt"]);
  });

  it("draws from a transcript, keeping scene times from its segments", async () => {
    const form = new FormData();
    form.append("file", await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob(), "talk.wav");
    const transcription = await waitForJob(
      user.accessToken,
      (await api("/api/v1/transcribe", { token: user.accessToken, body: form })).body.id,
    );
    const res = await api("/api/v1/generate-diagram", {
      token: user.accessToken,
      json: { transcriptId: transcription.transcriptId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(user.accessToken, res.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    const diagram = (await api(`/api/v1/diagrams/dgm_${job.id.slice(4)}`, { token: user.accessToken })).body;
    expect(diagram.transcriptId).toBe(transcription.transcriptId);
    expect(diagram.data.scenes.length).toBeGreaterThan(0);
    expect(diagram.data.scenes.at(-1).end).toBeGreaterThan(0);
  });
});

describe("hostile and invalid input", () => {
  it("bounds what it analyses and refuses what is too big", async () => {
    expectProblem(
      await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: "あ".repeat(400_000) } }),
      413,
    );
    expectProblem(
      await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: "a".repeat(2 * 1024 * 1024) } }),
      413,
      "payload_too_large",
    );
    expectProblem(await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: "" } }), 422);
    expectProblem(await api("/api/v1/generate-diagram", { token: user.accessToken, json: {} }), 422);
    expectProblem(
      await api("/api/v1/generate-diagram", {
        token: user.accessToken,
        json: { text: EN, transcriptId: "trn_00000000000000000000000000" },
      }),
      422,
    );
    expectProblem(
      await api("/api/v1/generate-diagram", {
        token: user.accessToken,
        json: { transcriptId: "trn_00000000000000000000000000" },
      }),
      404,
    );
  });

  it.each([
    ["repeated punctuation", "!?。、".repeat(1200)],
    ["control characters", "first\u0000 then\u0007 finally\u001b[31m done\uFFFF."],
    ["mixed scripts", "まず data を集め、then 分析します。Finally 図解 is drawn. Ёжик 😀 ١٢٣"],
    ["ReDoS-shaped", `${"a".repeat(3000)}!`],
    ["one long word", "x".repeat(4999)],
  ])("answers %s quickly with a diagram or a clear 4xx", async (_name, text) => {
    const started = Date.now();
    const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect([201, 422]).toContain(res.status);
  });
});

describe("editing", () => {
  it("re-renders an edited label, guards the revision, and refuses broken references", async () => {
    const created = (
      await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: EN, type: "flow" } })
    ).body;
    const data = structuredClone(created.data);
    data.nodes[0].label = "Edited label 編集済み";
    data.nodes[1].label = "A label that is far too long to read";
    const etag = `"${created.id}-r1"`;
    const edited = await api(`/api/v1/diagrams/${created.id}`, {
      method: "PATCH",
      token: user.accessToken,
      json: data,
      headers: { "If-Match": etag },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.revision).toBe(2);
    // The quality report is the new revision's.
    expect(created.quality.labelsOverBudget).toEqual([]);
    expect(edited.body.quality.labelsOverBudget).toEqual([data.nodes[1].id]);
    const svg = (await api(`/api/v1/diagrams/${created.id}.svg`, { token: user.accessToken })).body;
    expect(svg).toContain("Edited label");
    expect(
      (
        await api(`/api/v1/diagrams/${created.id}`, {
          method: "PATCH",
          token: user.accessToken,
          json: data,
          headers: { "If-Match": etag },
        })
      ).status,
    ).toBe(412);

    const broken = structuredClone(data);
    broken.edges.push({ id: "ghost", from: data.nodes[0].id, to: "nowhere", kind: "sequence" });
    expectProblem(
      await api(`/api/v1/diagrams/${created.id}`, { method: "PATCH", token: user.accessToken, json: broken }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api(`/api/v1/diagrams/${created.id}`, {
        method: "PATCH",
        token: user.accessToken,
        json: { ...data, nodes: "no" },
      }),
      422,
    );

    const stranger = await registerUser("diagram-stranger");
    expectProblem(await api(`/api/v1/diagrams/${created.id}.svg`, { token: stranger.accessToken }), 404);
    expectProblem(
      await api(`/api/v1/diagrams/${created.id}`, { method: "PATCH", token: stranger.accessToken, json: data }),
      404,
    );
  });
});
