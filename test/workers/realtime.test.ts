/** The WorkspaceHub through the Worker: auth before upgrade, events, resume, eviction, abuse. */
import { abortAllDurableObjects, env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { HubEvent } from "../../durable-objects/workspace-hub/protocol";
import { api, BASE, expectProblem, registerUser, type TestUser } from "./helpers";
import { openSocket } from "./ws-client";
import "./provided-context";

let owner: TestUser;
beforeAll(async () => {
  owner = await registerUser("hub-owner");
});

const hub = (workspaceId: string) => env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));
const note = (message: string): HubEvent => ({ type: "system:notification", level: "info", message });

describe("connecting", () => {
  it("greets with the protocol version and the latest sequence number", async () => {
    const socket = await openSocket(owner.workspaceId, { token: owner.accessToken });
    const welcome = await socket.next((m) => m.type === "welcome");
    expect(welcome).toMatchObject({ v: 1, workspaceId: owner.workspaceId, latestSeq: expect.any(Number) });
    socket.close();
  });

  it("refuses before the upgrade: no credentials 401, another workspace 404, plain GET 426", async () => {
    const stranger = await registerUser("hub-stranger");
    const upgrade = { Upgrade: "websocket" };
    expect((await SELF.fetch(`${BASE}/api/v1/workspaces/${owner.workspaceId}/ws`, { headers: upgrade })).status).toBe(
      401,
    );
    const foreign = await SELF.fetch(`${BASE}/api/v1/workspaces/${owner.workspaceId}/ws`, {
      headers: { ...upgrade, Authorization: `Bearer ${stranger.accessToken}` },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.webSocket).toBeNull();
    expectProblem(
      await api(`/api/v1/workspaces/${owner.workspaceId}/ws`, { token: owner.accessToken }),
      426,
      "upgrade_required",
    );
  });

  it("accepts a single-use ticket once", async () => {
    const issued = await api(`/api/v1/workspaces/${owner.workspaceId}/ws-ticket`, {
      method: "POST",
      token: owner.accessToken,
    });
    expect(issued.status).toBe(201);
    const socket = await openSocket(owner.workspaceId, { ticket: issued.body.ticket });
    await socket.next((m) => m.type === "welcome");
    socket.close();
    const again = await SELF.fetch(`${BASE}/api/v1/workspaces/${owner.workspaceId}/ws?ticket=${issued.body.ticket}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(again.status).toBe(401);
  });
});

describe("events", () => {
  it("delivers a job's progress and completion from the real pipeline, in sequence order", async () => {
    const socket = await openSocket(owner.workspaceId, { token: owner.accessToken });
    await socket.next((m) => m.type === "welcome");
    const wav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
    const form = new FormData();
    form.append("file", wav, "talk.wav");
    const job = (await api("/api/v1/transcribe", { token: owner.accessToken, body: form })).body;
    const progress = await socket.next((m) => m.type === "job:progress" && m.jobId === job.id, 60_000);
    expect(progress).toMatchObject({
      stage: "transcription",
      progress: expect.any(Number),
      currentOperation: expect.any(String),
    });
    const complete = await socket.next((m) => m.type === "job:complete" && m.jobId === job.id, 60_000);
    expect(complete.status).toBe("succeeded");
    const seqs = socket.messages.filter((m) => typeof m.seq === "number").map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    socket.close();
  });

  it("coalesces progress to about ten a second but never drops the completion", async () => {
    const ws = await registerUser("coalesce");
    const socket = await openSocket(ws.workspaceId, { token: ws.accessToken });
    await socket.next((m) => m.type === "welcome");
    const jobId = "job_0000000000000000000000coal";
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      await hub(ws.workspaceId).publish({
        type: "job:progress",
        jobId,
        projectId: null,
        stage: "transcription",
        progress: i,
        estimatedTimeRemaining: null,
        currentOperation: `step ${i}`,
      });
    }
    await hub(ws.workspaceId).publish({ type: "job:complete", jobId, projectId: null, status: "succeeded" });
    await socket.next((m) => m.type === "job:complete");
    const elapsed = (Date.now() - started) / 1000;
    const progress = socket.messages.filter((m) => m.type === "job:progress");
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed * 10) + 2);
    expect(progress.at(-1).progress).toBe(99); // the last one before completion is never lost
    socket.close();
  });

  it("a reconnect with ?since receives exactly the missed events, in order", async () => {
    const user = await registerUser("resume");
    const first = await openSocket(user.workspaceId, { token: user.accessToken });
    await hub(user.workspaceId).publish(note("before"));
    const before = await first.next((m) => m.type === "system:notification");
    first.close();
    for (const text of ["m1", "m2", "m3"]) await hub(user.workspaceId).publish(note(text));
    const second = await openSocket(user.workspaceId, { token: user.accessToken }, `since=${before.seq}`);
    await second.next((m) => m.type === "system:notification" && m.message === "m3");
    const replayed = second.messages.filter((m) => m.type === "system:notification");
    expect(replayed.map((m) => m.message)).toEqual(["m1", "m2", "m3"]);
    expect(replayed.map((m) => m.seq)).toEqual([before.seq + 1, before.seq + 2, before.seq + 3]);
    second.close();
  });

  it("answers resync to a since the hub never reached (its storage was reset)", async () => {
    const user = await registerUser("resync");
    await hub(user.workspaceId).publish(note("only one"));
    const socket = await openSocket(user.workspaceId, { token: user.accessToken }, "since=999");
    expect(await socket.next((m) => m.type === "resync")).toMatchObject({ reason: "unknown_seq", latestSeq: 1 });
    socket.close();
  });

  it("after the hub is evicted, state is rebuilt from storage: no event lost or duplicated", async () => {
    const user = await registerUser("evict");
    for (const text of ["e1", "e2"]) await hub(user.workspaceId).publish(note(text));
    await abortAllDurableObjects();
    await hub(user.workspaceId).publish(note("e3"));
    const socket = await openSocket(user.workspaceId, { token: user.accessToken }, "since=0");
    await socket.next((m) => m.message === "e3");
    const seen = socket.messages.filter((m) => m.type === "system:notification");
    expect(seen.map((m) => m.message)).toEqual(["e1", "e2", "e3"]);
    expect(seen.map((m) => m.seq)).toEqual([1, 2, 3]);
    socket.close();
  });

  it("subscriptions narrow job events to one job", async () => {
    const user = await registerUser("subs");
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    socket.send({ type: "unsubscribe", id: "u1", scope: { kind: "all" } });
    socket.send({ type: "subscribe", id: "s1", scope: { kind: "job", jobId: "job_0000000000000000000000000a" } });
    await socket.next((m) => m.type === "ack" && m.id === "s1");
    await hub(user.workspaceId).publish({
      type: "job:complete",
      jobId: "job_0000000000000000000000000b",
      projectId: null,
      status: "succeeded",
    });
    await hub(user.workspaceId).publish({
      type: "job:complete",
      jobId: "job_0000000000000000000000000a",
      projectId: null,
      status: "succeeded",
    });
    await socket.next((m) => m.type === "job:complete");
    expect(socket.messages.filter((m) => m.type === "job:complete").map((m) => m.jobId)).toEqual([
      "job_0000000000000000000000000a",
    ]);
    socket.close();
  });
});

describe("client messages", () => {
  it("a viewer's job:start gets an error reply; settings:update by the owner reaches everyone", async () => {
    const team = (await api("/api/v1/workspaces", { token: owner.accessToken, json: { name: "Hub team" } })).body;
    const key = (
      await api(`/api/v1/workspaces/${team.id}/api-keys`, {
        token: owner.accessToken,
        json: { name: "viewer", role: "viewer" },
      })
    ).body.key;
    const viewer = await openSocket(team.id, { token: key });
    const admin = await openSocket(team.id, { token: owner.accessToken });
    viewer.send({ type: "job:start", id: "j1", job: { kind: "transcription", url: "https://example.com/a.mp3" } });
    expect(await viewer.next((m) => m.id === "j1")).toMatchObject({ type: "error", code: "forbidden" });
    admin.send({ type: "settings:update", id: "s1", settings: { defaultLanguage: "ja" } });
    expect(await admin.next((m) => m.id === "s1")).toMatchObject({ type: "ack" });
    const updated = await viewer.next((m) => m.type === "settings:updated");
    expect(updated.settings).toMatchObject({ defaultLanguage: "ja" });
    viewer.close();
    admin.close();
  });

  it("job:start runs the same validation as REST (SSRF refused) for an editor", async () => {
    const socket = await openSocket(owner.workspaceId, { token: owner.accessToken });
    socket.send({
      type: "job:start",
      id: "bad",
      job: { kind: "transcription", url: "https://169.254.169.254/latest" },
    });
    expect(await socket.next((m) => m.id === "bad")).toMatchObject({ type: "error", code: "url_not_allowed" });
    socket.close();
  });

  it("answers malformed frames with errors, keeps serving others, and closes an abuser with 1008", async () => {
    const user = await registerUser("abuse");
    const abuser = await openSocket(user.workspaceId, { token: user.accessToken });
    const bystander = await openSocket(user.workspaceId, { token: user.accessToken });
    abuser.send("{not json");
    expect(await abuser.next((m) => m.type === "error")).toMatchObject({ code: "invalid_json" });
    abuser.send({ type: "launch-missiles", id: "x" });
    expect(await abuser.next((m) => m.type === "error" && m.id === "x")).toMatchObject({ code: "invalid_message" });
    abuser.send("x".repeat(70 * 1024));
    expect(await abuser.next((m) => m.code === "frame_too_large")).toBeTruthy();
    for (let i = 0; i < 10; i++) abuser.send("[]");
    expect((await abuser.closed).code).toBe(1008);
    await hub(user.workspaceId).publish(note("still here"));
    expect(await bystander.next((m) => m.message === "still here")).toBeTruthy();
    bystander.close();
  });

  it("a role lowered after connecting is refused on the next privileged message", async () => {
    const team = (await api("/api/v1/workspaces", { token: owner.accessToken, json: { name: "Demotion" } })).body;
    const socket = await openSocket(team.id, { token: owner.accessToken });
    await env.DB.prepare("UPDATE memberships SET role = 'viewer' WHERE workspace_id = ? AND user_id = ?")
      .bind(team.id, owner.userId)
      .run();
    socket.send({ type: "settings:update", id: "s", settings: { defaultTheme: "dark" } });
    expect(await socket.next((m) => m.id === "s")).toMatchObject({ type: "error", code: "forbidden" });
    socket.close();
  });

  it("disconnects a removed member's sockets", async () => {
    const user = await registerUser("removed");
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    expect(await hub(user.workspaceId).disconnectUser(user.userId)).toBe(1);
    expect((await socket.closed).code).toBe(4003);
  });
});

describe("Server-Sent Events", () => {
  it("streams a job's events and resumes from Last-Event-ID", async () => {
    const user = await registerUser("sse");
    const form = new FormData();
    form.append("file", await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob(), "a.wav");
    const job = (await api("/api/v1/transcribe", { token: user.accessToken, body: form })).body;
    const res = await SELF.fetch(`${BASE}/api/v1/jobs/${job.id}/events`, {
      headers: { Authorization: `Bearer ${user.accessToken}` },
    });
    expect(res.headers.get("Content-Type")).toMatch(/text\/event-stream/);
    const text = await res.text(); // the stream ends with the job
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(text).toMatch(/event: job:complete/);
    const resumed = await SELF.fetch(`${BASE}/api/v1/jobs/${job.id}/events`, {
      headers: { Authorization: `Bearer ${user.accessToken}`, "Last-Event-ID": String(ids.at(-2)) },
    });
    const reader = resumed.body!.getReader();
    const { value } = await reader.read();
    let replay = new TextDecoder().decode(value);
    while (!replay.includes(`id: ${ids.at(-1)}`)) replay += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect([...replay.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([ids.at(-1)]);
    const stranger = await registerUser("sse-stranger");
    expect((await api(`/api/v1/jobs/${job.id}/events`, { token: stranger.accessToken })).status).toBe(404);
  });
});
