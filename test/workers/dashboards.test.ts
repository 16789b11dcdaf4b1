/** Custom dashboards (CRUD, permissions, tenancy) and the live operations summary. */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import { openSocket } from "./ws-client";
import "./provided-context";

let owner: TestUser;
let viewerKey: string;
const panel = { id: "p1", title: "Queue", metric: "jobs.queued", chart: "line", rangeSeconds: 300 };

beforeAll(async () => {
  owner = await registerUser("dash-owner");
  const key = await api(`/api/v1/workspaces/${owner.workspaceId}/api-keys`, {
    token: owner.accessToken,
    json: { name: "viewer", role: "viewer" },
  });
  expect(key.status).toBe(201);
  viewerKey = key.body.key;
});

const path = (rest = "") => `/api/v1/workspaces/${owner.workspaceId}/dashboards${rest}`;

describe("custom dashboards", () => {
  it("are created, listed, read, renamed, recomposed and deleted by a member who manages them", async () => {
    const created = await api(path(), { token: owner.accessToken, json: { name: "Ops", panels: [panel] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^dsh_/),
      workspaceId: owner.workspaceId,
      name: "Ops",
      panels: [panel],
      createdBy: owner.userId,
    });
    expect(created.headers.get("Location")).toBe(path(`/${created.body.id}`));
    const id = created.body.id;

    const list = await api(path(), { token: owner.accessToken });
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect((await api(path(`/${id}`), { token: owner.accessToken })).body.name).toBe("Ops");

    const bar = { ...panel, id: "p2", metric: "ws.connections", chart: "bar", rangeSeconds: 3600 };
    const renamed = await api(path(`/${id}`), {
      method: "PATCH",
      token: owner.accessToken,
      json: { name: "Live", panels: [panel, bar] },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Live", panels: [panel, bar] });
    expect(renamed.body.updatedAt >= created.body.updatedAt).toBe(true);

    expect((await api(path(`/${id}`), { method: "DELETE", token: owner.accessToken })).status).toBe(204);
    expectProblem(await api(path(`/${id}`), { token: owner.accessToken }), 404, "not_found");
    expectProblem(await api(path(`/${id}`), { method: "DELETE", token: owner.accessToken }), 404, "not_found");
  });

  it("refuses bad panels with 422 and writes nothing", async () => {
    const before = (await api(path(), { token: owner.accessToken })).body.items.length;
    for (const panels of [
      [{ ...panel, metric: "cpu.temperature" }],
      [{ ...panel, chart: "pie" }],
      [{ ...panel, rangeSeconds: 5 }],
      [panel, { ...panel }],
      [{ ...panel, extra: true }],
      Array.from({ length: 25 }, (_, i) => ({ ...panel, id: `p${i}` })),
    ]) {
      expectProblem(
        await api(path(), { token: owner.accessToken, json: { name: "Bad", panels } }),
        422,
        "validation_failed",
      );
    }
    expectProblem(
      await api(path(), { token: owner.accessToken, json: { name: "", panels: [] } }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api(path(), {
        token: owner.accessToken,
        json: { name: "x", workspaceId: "ws_00000000000000000000000000" },
      }),
      422,
    );
    expect((await api(path(), { token: owner.accessToken })).body.items.length).toBe(before);
    expectProblem(
      await api(path("/dsh_00000000000000000000000000"), { method: "PATCH", token: owner.accessToken, json: {} }),
      422,
    );
  });

  it("a viewer reads dashboards but may not change them", async () => {
    const created = await api(path(), { token: owner.accessToken, json: { name: "Shared", panels: [panel] } });
    const id = created.body.id;
    expect((await api(path(), { token: viewerKey })).body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect((await api(path(`/${id}`), { token: viewerKey })).status).toBe(200);
    expectProblem(await api(path(), { token: viewerKey, json: { name: "Mine", panels: [] } }), 403, "forbidden");
    expectProblem(
      await api(path(`/${id}`), { method: "PATCH", token: viewerKey, json: { name: "Taken" } }),
      403,
      "forbidden",
    );
    expectProblem(await api(path(`/${id}`), { method: "DELETE", token: viewerKey }), 403, "forbidden");
    expect((await api(path(`/${id}`), { token: owner.accessToken })).body.name).toBe("Shared");
  });

  it("another workspace's dashboard answers 404, exactly like a missing one", async () => {
    const created = await api(path(), { token: owner.accessToken, json: { name: "Private", panels: [] } });
    const outsider = await registerUser("dash-outsider");
    const foreignPath = `/api/v1/workspaces/${outsider.workspaceId}/dashboards/${created.body.id}`;
    const foreign = await api(foreignPath, { token: outsider.accessToken });
    const missing = await api(`/api/v1/workspaces/${outsider.workspaceId}/dashboards/dsh_00000000000000000000000000`, {
      token: outsider.accessToken,
    });
    expectProblem(foreign, 404, "not_found");
    expect(foreign.body.detail).toBe(missing.body.detail);
    expectProblem(
      await api(foreignPath, { method: "PATCH", token: outsider.accessToken, json: { name: "Stolen" } }),
      404,
    );
    expectProblem(await api(foreignPath, { method: "DELETE", token: outsider.accessToken }), 404);
    expectProblem(await api(path(), { token: outsider.accessToken }), 404, "not_found");
    expect((await api(path(`/${created.body.id}`), { token: owner.accessToken })).body.name).toBe("Private");
  });
});

describe("ops summary", () => {
  it("counts open sockets, the runner pool and jobs that ended, from the real hub, runners and D1", async () => {
    const user = await registerUser("ops");
    const summaryPath = `/api/v1/workspaces/${user.workspaceId}/ops/summary`;
    const empty = await api(summaryPath, { token: user.accessToken });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      workspaceId: user.workspaceId,
      connections: 0,
      jobs: { queued: 0, running: 0, throughputPerMinute: 0, failedLastHour: 0 },
    });
    expect(empty.body.jobs.finishedPerMinute).toHaveLength(60);
    expect(empty.body.runners).toEqual({
      total: inject("runnerUrls").split(",").length,
      reachable: expect.any(Number),
      busy: expect.any(Number),
    });
    expect(empty.body.runners.reachable).toBeGreaterThan(0);

    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    expect((await api(summaryPath, { token: user.accessToken })).body.connections).toBe(1);
    socket.close();

    const wav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
    const form = new FormData();
    form.append("file", wav, "talk.wav");
    const job = await api("/api/v1/transcribe", { token: user.accessToken, body: form });
    expect(job.status).toBe(202);
    await waitForJob(user.accessToken, job.body.id);
    const after = (await api(summaryPath, { token: user.accessToken })).body;
    expect(after.jobs.finishedPerMinute.reduce((sum: number, m: { count: number }) => sum + m.count, 0)).toBe(1);
    expect(after.jobs.throughputPerMinute).toBeCloseTo(1 / 5);
    expect(after.jobs.durationSeconds.p50).toBeGreaterThan(0);
  });

  it("reports the platform's request rate and latency percentiles from its request metrics", async () => {
    const user = await registerUser("ops-requests");
    const summaryPath = `/api/v1/workspaces/${user.workspaceId}/ops/summary`;
    await api(summaryPath, { token: user.accessToken });
    for (let i = 0; i < 20; i++) await api("/api/v1/projects", { token: user.accessToken });
    // Counters reach their shards shortly after each request; a rate needs readings a second apart.
    await new Promise((r) => setTimeout(r, 1500));
    const figures = (await api(summaryPath, { token: user.accessToken })).body.requests;
    expect(figures).toMatchObject({ perSecond: expect.any(Number), windowSeconds: expect.any(Number) });
    expect(figures.windowSeconds).toBeGreaterThanOrEqual(0.9);
    expect(figures.perSecond * figures.windowSeconds).toBeGreaterThanOrEqual(20);
    expect(figures.latencyMs.p50).toBeGreaterThan(0);
    expect(figures.latencyMs.p99).toBeGreaterThanOrEqual(figures.latencyMs.p95);
    expect(figures.latencyMs.p95).toBeGreaterThanOrEqual(figures.latencyMs.p50);
  });

  it("needs dashboards:read in that workspace", async () => {
    const outsider = await registerUser("ops-outsider");
    expectProblem(
      await api(`/api/v1/workspaces/${owner.workspaceId}/ops/summary`, { token: outsider.accessToken }),
      404,
      "not_found",
    );
    expectProblem(await api(`/api/v1/workspaces/${owner.workspaceId}/ops/summary`), 401);
    expect((await api(`/api/v1/workspaces/${owner.workspaceId}/ops/summary`, { token: viewerKey })).status).toBe(200);
  });
});
