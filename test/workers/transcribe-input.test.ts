/** What POST /api/v1/transcribe refuses, and that a refusal leaves nothing behind. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { toneWav } from "../fixtures/tone-wav";
import { api, expectProblem, registerUser, type TestUser } from "./helpers";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("upload");
});

function form(file: Blob | undefined, fields: Record<string, string> = {}, filename = "talk.wav"): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (file) data.append("file", file, filename);
  return data;
}

async function storedObjects(): Promise<number> {
  return (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/` })).objects.length;
}

async function jobCount(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
    .bind(user.workspaceId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function expectNothingKept(run: () => Promise<void>) {
  const [objects, jobs] = [await storedObjects(), await jobCount()];
  await run();
  expect(await storedObjects()).toBe(objects);
  expect(await jobCount()).toBe(jobs);
}

describe("upload validation", () => {
  it("refuses a PNG renamed .mp3 with 415, by its bytes", async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4,
    ]);
    await expectNothingKept(async () => {
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(new Blob([png], { type: "audio/mpeg" }), {}, "song.mp3"),
      });
      expectProblem(res, 415, "unsupported_audio");
    });
  });

  it("refuses zero bytes, a missing file and a second file with 422", async () => {
    await expectNothingKept(async () => {
      expectProblem(
        await api("/api/v1/transcribe", { token: user.accessToken, body: form(new Blob([])) }),
        422,
        "empty_upload",
      );
      expectProblem(
        await api("/api/v1/transcribe", { token: user.accessToken, body: form(undefined, { language: "en" }) }),
        422,
        "missing_file",
      );
      const two = form(new Blob([toneWav()]));
      two.append("file", new Blob([toneWav()]), "b.wav");
      expectProblem(await api("/api/v1/transcribe", { token: user.accessToken, body: two }), 422, "too_many_files");
    });
  });

  it("refuses bad options after the file has been streamed, and removes the stored file", async () => {
    await expectNothingKept(async () => {
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(new Blob([toneWav()]), { language: "not a language!", color: "red" }),
      });
      expectProblem(res, 422, "validation_failed");
    });
  });

  it("refuses a project of another workspace with 404", async () => {
    const other = await registerUser("other-project");
    const project = await api("/api/v1/projects", { token: other.accessToken, json: { name: "theirs" } });
    await expectNothingKept(async () => {
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(new Blob([toneWav()]), { projectId: project.body.id }),
      });
      expectProblem(res, 404, "not_found");
    });
  });

  it("answers 413 past the cap, while streaming, without keeping a byte", async () => {
    const big = new Uint8Array(5 * 1024 * 1024);
    big.set(toneWav().subarray(0, 44));
    await expectNothingKept(async () => {
      // Streamed without a Content-Length, so the cap is found while reading.
      const body = new Response(form(new Blob([big]))).body!;
      const boundaryForm = new Response(form(new Blob([big])));
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body,
        headers: { "Content-Type": boundaryForm.headers.get("Content-Type")! },
      });
      expectProblem(res, 413, "payload_too_large");
    });
  });

  it("refuses other content types with 415 and non-members with 404", async () => {
    expectProblem(
      await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: "hello",
        headers: { "Content-Type": "text/plain" },
      }),
      415,
      "unsupported_media_type",
    );
    const stranger = await registerUser("stranger");
    expectProblem(
      await api("/api/v1/transcribe", {
        token: stranger.accessToken,
        headers: { "Zukai-Workspace": user.workspaceId },
        body: form(new Blob([toneWav()])),
      }),
      404,
    );
  });
});

describe("URL input (SSRF)", () => {
  it.each([
    "https://127.0.0.1/a.mp3",
    "https://10.1.2.3/a.mp3",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/a.mp3",
    "https://[::ffff:127.0.0.1]/a.mp3",
    "https://100.64.0.1/a.mp3",
    "https://192.168.0.10/a.mp3",
    "https://localhost/a.mp3",
    "https://user:pass@example.com/a.mp3",
    "http://example.com/a.mp3",
    "file:///etc/passwd",
    "https://2130706433/a.mp3",
  ])("refuses %s with 422 and keeps nothing", async (url) => {
    await expectNothingKept(async () => {
      const res = await api("/api/v1/transcribe", { token: user.accessToken, json: { url } });
      expect([422]).toContain(res.status);
      expect(["url_not_allowed", "validation_failed"]).toContain(res.body.code);
    });
  });
});
