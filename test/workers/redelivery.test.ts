/**
 * The redelivery of a stage message whose invocation died right after committing the job's end
 * (a restart, an evicted isolate): it finds the job finished and does what that run left undone.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { transcriptChunkKey } from "../../workers/storage/keys";
import { api, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("redelivery");
});

describe("a stage message delivered again after its job ended", () => {
  it("removes the transcription checkpoints a run that died after its commit left behind", async () => {
    const form = new FormData();
    form.append("file", await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob(), "talk.wav");
    const accepted = await api("/api/v1/transcribe", { token: user.accessToken, body: form });
    const job = await waitForJob(user.accessToken, accepted.body.id);
    expect(job.status).toBe("succeeded");
    // What the run leaves when it dies between its commit and removing its checkpoints.
    const chunk = transcriptChunkKey(user.workspaceId, job.id, 0);
    await env.MEDIA.put(chunk, JSON.stringify({ index: 0, segments: [] }));

    await env.JOBS.send({ type: "stage", jobId: job.id, workspaceId: user.workspaceId, stage: "transcription" });
    const deadline = Date.now() + 30_000;
    while ((await env.MEDIA.head(chunk)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await env.MEDIA.head(chunk)).toBeNull();
    const objects = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${job.id}/` })).objects.map((o) =>
      o.key.split("/").pop(),
    );
    expect(objects.sort()).toEqual(["input", "transcript.json"]);
    expect((await api(`/api/v1/jobs/${job.id}`, { token: user.accessToken })).body.status).toBe("succeeded");
  });
});
