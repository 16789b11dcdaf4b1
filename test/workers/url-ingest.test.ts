/**
 * A recording given by URL (workers/intake/url-ingest.ts): the request is answered once the URL's
 * first bytes check out, and the job's transcription stage fetches the whole recording — with the
 * plan's cap enforced again while reading, and a source that fails for a while tried again.
 * The remote host (test/fixtures/remote-host.ts) serves the same speech slowly, unsized or flaky.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { jobInputKey } from "../../workers/storage/keys";
import { api, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import { putEnterpriseTerms } from "./operator";
import "./provided-context";

const origin = () => inject("remoteOrigin");
let user: TestUser;
let speechBytes: number;

beforeAll(async () => {
  user = await registerUser("url-ingest");
  speechBytes = (await (await fetch(`${origin()}/speech/short.wav`)).arrayBuffer()).byteLength;
});

describe("URL recordings", () => {
  it("answers 202 before the download ends, and the job fetches and records the whole recording", async () => {
    const started = Date.now();
    const res = await api("/api/v1/transcribe", {
      token: user.accessToken,
      json: { url: `${origin()}/slow/speech/short.wav` },
    });
    const answeredInMs = Date.now() - started;
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    // The host holds back all but the first 4 KB for 3 s; the answer does not wait for them.
    expect(answeredInMs).toBeLessThan(2_500);
    expect(res.body.options).toMatchObject({ inputFormat: "wav", inputBytes: speechBytes });
    expect(JSON.stringify(res.body)).not.toContain("/slow/");

    const job = await waitForJob(user.accessToken, res.body.id, jobEnded);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    expect(job.options.inputBytes).toBe(speechBytes);
    expect(job.artifacts.find((a: { name: string }) => a.name === "input")).toMatchObject({ size: speechBytes });
  });

  it("fails the job with payload_too_large when a source without a declared size sends more than the plan allows, keeping nothing", async () => {
    const small = await registerUser("url-ingest-cap");
    await putEnterpriseTerms(small.workspaceId, { maxUploadBytes: 4096 });
    expect(speechBytes).toBeGreaterThan(4096);
    const res = await api("/api/v1/transcribe", {
      token: small.accessToken,
      json: { url: `${origin()}/unsized/speech/short.wav` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(small.accessToken, res.body.id, jobEnded);
    expect(job.status).toBe("failed");
    expect(job.error.code).toBe("payload_too_large");
    expect(await env.MEDIA.head(jobInputKey(small.workspaceId, job.id))).toBeNull();
    expect(job.artifacts).toEqual([]);
  });

  it("tries a source that fails while the job fetches it again, and succeeds", async () => {
    const path = "/flaky/speech/short.wav";
    const res = await api("/api/v1/transcribe", { token: user.accessToken, json: { url: `${origin()}${path}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(user.accessToken, res.body.id, jobEnded);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    // The submit's check, the stage's fetch that met the 503, and the one after it.
    expect(Number(await (await fetch(`${origin()}/hits?path=${encodeURIComponent(path)}`)).text())).toBe(3);
  });
});
