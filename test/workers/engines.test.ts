/**
 * What the runner pool can do, and the refusal of what it cannot, through the public API in the
 * real runtime. The test runners (global-setup.ts) run pocketsphinx only, so English can run and
 * Japanese cannot: a Japanese job is refused with 422 `unsupported_language` before its upload
 * is stored, its URL fetched, usage held or anything queued; English still runs to the end.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { availabilityOf } from "../../workers/engines/engines";
import type { RunnerState } from "../../workers/runners/pool-state";
import type { ProbeResult } from "../../workers/runners/probe";
import { rankRunners } from "../../workers/runners/ranking";
import { toneWav } from "../fixtures/tone-wav";
import { type ApiResponse, api, expectProblem, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import { openSocket } from "./ws-client";
import "./provided-context";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("engines");
});

/** Everything a submitted job leaves: job rows, stored objects, usage holds of the workspace. */
async function footprint(workspaceId = user.workspaceId) {
  const count = async (sql: string) => (await env.DB.prepare(sql).bind(workspaceId).first<{ n: number }>())!.n;
  return {
    jobs: await count("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?"),
    holds: await count("SELECT count(*) AS n FROM usage_holds WHERE workspace_id = ?"),
    objects: (await env.MEDIA.list({ prefix: `ws/${workspaceId}/` })).objects.length,
  };
}

function form(fields: Record<string, string>, file: Blob = new Blob([toneWav()])): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append("file", file, "talk.wav");
  return data;
}

/** How many times the remote host was asked for `path`. */
async function hits(path: string): Promise<number> {
  return Number(await (await fetch(`${inject("remoteOrigin")}/hits?path=${encodeURIComponent(path)}`)).text());
}

/** The members of an unsupported_language problem that a client reads. */
interface Refusal {
  language: string;
  engine?: string;
  detail: string;
  availableLanguages: string[];
}

function expectRefusal(res: ApiResponse<Refusal>, language = "ja"): Refusal {
  expectProblem(res, 422, "unsupported_language");
  expect(res.body.language).toBe(language);
  expect(res.body.detail).toContain(`"${language}"`);
  return res.body;
}

describe("GET /api/v1/engines", () => {
  it("lists what the healthy pool can do now: pocketsphinx, English", async () => {
    const res = await api("/api/v1/engines", { token: user.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      known: true,
      engines: [{ name: "pocketsphinx", languages: ["en"] }],
      languages: ["en"],
    });
    expect(Date.parse(res.body.checkedAt)).not.toBeNaN();
    expectProblem(await api("/api/v1/engines"), 401);
  });

  it("is documented with its permission", async () => {
    const doc = (await api("/api/v1/openapi.json")).body;
    expect(doc.paths["/api/v1/engines"].get).toMatchObject({
      "x-permission": "authenticated",
      responses: { 200: expect.anything(), 401: expect.anything() },
    });
  });
});

describe("what the pool can say", () => {
  const runner = (name: string, state: Partial<RunnerState>): RunnerState => ({
    name,
    up: true,
    activeJobs: 0,
    maxJobs: 2,
    consecutiveFailures: 0,
    lastCheckAt: "2026-01-01T00:00:00.000Z",
    lastError: null,
    changedAt: "2026-01-01T00:00:00.000Z",
    languages: { pocketsphinx: ["en"], whisper: [] },
    ...state,
  });

  it("joins the healthy runners' engines and ignores the runners that are down", () => {
    const whisper = runner("b", {
      languages: { pocketsphinx: [], whisper: ["ja", "en"] },
      lastCheckAt: "2026-01-01T00:00:05.000Z",
    });
    const down = runner("c", { up: false, languages: { whisper: ["de"] } });
    expect(availabilityOf([runner("a", {}), whisper, down])).toEqual({
      known: true,
      engines: [
        { name: "pocketsphinx", languages: ["en"] },
        { name: "whisper", languages: ["en", "ja"] },
      ],
      languages: ["en", "ja"],
      checkedAt: "2026-01-01T00:00:05.000Z",
    });
  });

  it("cannot say (so refuses nothing) with no healthy runner, or a healthy one that does not report its languages", () => {
    expect(availabilityOf([runner("a", { up: false })]).known).toBe(false);
    expect(availabilityOf([]).known).toBe(false);
    expect(availabilityOf([runner("a", {}), runner("old", { languages: null })]).known).toBe(false);
  });
});

describe("which runner a transcription goes to", () => {
  const probe = (name: string, languages: Record<string, string[]> | undefined, activeJobs = 0): ProbeResult => ({
    name,
    ok: true,
    activeJobs,
    maxJobs: 2,
    ...(languages && { languages }),
  });
  const english = probe("english", { pocketsphinx: ["en"], whisper: [] });
  const whisper = probe("whisper", { pocketsphinx: ["en"], whisper: ["en", "ja"] }, 1);
  const old = probe("old", undefined, 2);

  it("only to runners that can do its language (and engine), while one is up", () => {
    expect(rankRunners([english, whisper, old], 1, { language: "ja-JP" })).toEqual(["whisper", "old"]);
    expect(rankRunners([english, whisper], 1, { language: "en", engine: "whisper" })).toEqual(["whisper"]);
    expect(rankRunners([english, whisper], 1, { language: "en" })).toEqual(["english", "whisper"]);
    expect(rankRunners([english, whisper], 1)).toEqual(["english", "whisper"]);
  });

  it("to every runner when none can (the pool changed since the job was accepted), so the runner's refusal ends it", () => {
    expect(rankRunners([english, whisper], 1, { language: "de" })).toEqual(["english", "whisper"]);
  });
});

describe("a language no runner can do is refused at submit", () => {
  it("a Japanese upload: 422 naming the language and what is available, nothing stored, held or queued", async () => {
    const before = await footprint();
    const body = expectRefusal(
      await api("/api/v1/transcribe", { token: user.accessToken, body: form({ language: "ja" }) }),
    );
    expect(body.detail).toContain("en (pocketsphinx)");
    expect(body.availableLanguages).toEqual(["en"]);
    expect(await footprint()).toEqual(before);
  });

  it("is refused before the file is read when the language comes first", async () => {
    // A file just past the upload cap (4 MiB here) but within the request's allowance for form
    // fields: storing it would end in 413, so 422 shows the refusal came before the file was read.
    const big = new Uint8Array(4 * 1024 * 1024 + 1024);
    big.set(toneWav().subarray(0, 44));
    const before = await footprint();
    expectRefusal(
      await api("/api/v1/transcribe", { token: user.accessToken, body: form({ language: "ja" }, new Blob([big])) }),
    );
    expect(await footprint()).toEqual(before);
    // The same file in English is read, and refused for its size.
    expectProblem(
      await api("/api/v1/transcribe", { token: user.accessToken, body: form({ language: "en" }, new Blob([big])) }),
      413,
      "payload_too_large",
    );
    expect(await footprint()).toEqual(before);
  });

  it("a language sent after the file is refused too, and the stored file removed", async () => {
    const before = await footprint();
    const late = new FormData();
    late.append("file", new Blob([toneWav()]), "talk.wav");
    late.append("language", "ja-JP");
    expectRefusal(await api("/api/v1/transcribe", { token: user.accessToken, body: late }), "ja-JP");
    expect(await footprint()).toEqual(before);
  });

  it("a Japanese URL: refused before the URL is fetched", async () => {
    const path = `/never-fetched-${crypto.randomUUID()}.wav`;
    const before = await footprint();
    expectRefusal(
      await api("/api/v1/transcribe", {
        token: user.accessToken,
        json: { url: `${inject("remoteOrigin")}${path}`, language: "ja" },
      }),
    );
    expect(await hits(path)).toBe(0);
    expect(await footprint()).toEqual(before);
  });

  it("an engine that cannot run here is refused, whatever the language", async () => {
    const body = expectRefusal(
      await api("/api/v1/transcribe", { token: user.accessToken, body: form({ language: "en", engine: "whisper" }) }),
      "en",
    );
    expect(body).toMatchObject({ engine: "whisper", availableLanguages: [] });
    expect(body.detail).toContain("with whisper");
  });

  it("a pipeline (upload, URL and dry run) is refused like a transcription", async () => {
    const before = await footprint();
    expectRefusal(
      await api("/api/v1/pipelines", { token: user.accessToken, body: form({ language: "ja", type: "flow" }) }),
    );
    const path = `/never-fetched-${crypto.randomUUID()}.wav`;
    expectRefusal(
      await api("/api/v1/pipelines", {
        token: user.accessToken,
        json: { url: `${inject("remoteOrigin")}${path}`, language: "ja" },
      }),
    );
    expectRefusal(
      await api("/api/v1/pipelines?dryRun=true", {
        token: user.accessToken,
        json: { url: `${inject("remoteOrigin")}${path}`, language: "ja" },
      }),
    );
    expect(await hits(path)).toBe(0);
    expect(await footprint()).toEqual(before);
  });

  it("a batch refuses its Japanese items and creates the others", async () => {
    const path = `/never-fetched-${crypto.randomUUID()}.wav`;
    const url = `${inject("remoteOrigin")}${path}`;
    const res = await api("/api/v1/batch", {
      token: user.accessToken,
      json: {
        items: [
          { kind: "transcription", request: { url, language: "ja" } },
          { kind: "pipeline", request: { url, language: "ja" } },
          { kind: "diagram", request: { text: "A causes B. B causes C." } },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(
      res.body.items.map((item: { status: string; error?: { code: string } }) => item.error?.code ?? item.status),
    ).toEqual(["unsupported_language", "unsupported_language", "succeeded"]);
    expect(res.body.items[0].error.message).toContain('"ja"');
    expect(await hits(path)).toBe(0);
  });

  it("a WebSocket job:start answers an error with the code and the reason", async () => {
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    const path = `/never-fetched-${crypto.randomUUID()}.wav`;
    socket.send({
      type: "job:start",
      id: "ja1",
      job: { kind: "transcription", url: `${inject("remoteOrigin")}${path}`, options: { language: "ja" } },
    });
    const reply = await socket.next((m) => m.id === "ja1");
    expect(reply).toMatchObject({ type: "error", code: "unsupported_language" });
    expect(reply.message).toContain("en (pocketsphinx)");
    expect(await hits(path)).toBe(0);
    socket.close();
  });
});

describe("what can run still runs", () => {
  it("an English recording, with the default language and with en-US, is transcribed", async () => {
    const speech = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
    const defaults = await api("/api/v1/transcribe", { token: user.accessToken, body: form({}, speech) });
    expect(defaults.status, JSON.stringify(defaults.body)).toBe(202);
    const regional = await api("/api/v1/transcribe", {
      token: user.accessToken,
      json: { url: `${inject("remoteOrigin")}/speech/short.wav`, language: "en-US" },
    });
    expect(regional.status, JSON.stringify(regional.body)).toBe(202);
    for (const accepted of [defaults, regional]) {
      const job = await waitForJob(user.accessToken, accepted.body.id, jobEnded);
      expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
      const transcript = (await api(`/api/v1/transcripts/${job.transcriptId}`, { token: user.accessToken })).body;
      expect(transcript.engine).toBe("pocketsphinx");
      expect(transcript.text).toMatch(/\b(data|diagram|finally)\b/i);
    }
  });
});
