/**
 * The event outbox: a job's end and an audit entry are committed with the change they report, and
 * the hub publishes them even when it was evicted (or never reached) between the commit and the
 * publish: exactly once, with one seq, however often the publish is replayed.
 */
import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { auditStatementAs } from "../../workers/audit/record";
import { getDb } from "../../workers/db/client";
import { jobs } from "../../workers/db/schema";
import { kickOutbox, kickStalledOutboxes } from "../../workers/events/outbox";
import { failJob, newJobRecord } from "../../workers/jobs/jobs";
import { api } from "./helpers";
import { createTeam, type Team } from "./rbac-fixtures";
import { openSocket } from "./ws-client";

const hub = (workspaceId: string) => env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));

/** A queued job row nothing will run (no stage message), holding one of the workspace's slots. */
async function queuedJob(team: Team): Promise<string> {
  const job = newJobRecord(
    { workspaceId: team.id, userId: team.owner.userId },
    { kind: "diagram", stages: ["analysis", "visualization"], options: {} },
  );
  await getDb(env).insert(jobs).values(job);
  await hub(team.id).acquireJobSlot({ jobId: job.id, limit: 5, atAccept: true });
  return job.id;
}

/** The events a fresh socket replays from the start of the log. */
async function loggedEvents(team: Team, jobId: string): Promise<{ type: string; seq: number }[]> {
  const socket = await openSocket(team.id, { token: team.owner.accessToken }, "since=0");
  const welcome = await socket.next((m) => m.type === "welcome");
  // The replay follows the welcome at once; the ack of a resume marks its end.
  socket.send({ type: "resume", id: "r", since: welcome.latestSeq });
  await socket.next((m) => m.type === "ack" && m.id === "r");
  socket.close();
  return socket.messages.filter((m) => m.jobId === jobId && typeof m.seq === "number");
}

async function outboxRows(workspaceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, kind, published_at AS publishedAt FROM event_outbox WHERE workspace_id = ? ORDER BY pos",
  )
    .bind(workspaceId)
    .all<{ id: string; kind: string; publishedAt: string | null }>();
  return results;
}

/** What a lost stamp plus a reset hub look like: the row pending again, the hub's cursor gone. */
async function forgetPublish(team: Team, eventId: string): Promise<void> {
  await env.DB.prepare("UPDATE event_outbox SET published_at = NULL WHERE id = ?").bind(eventId).run();
  await runInDurableObject(hub(team.id), async (_instance, state) => {
    state.storage.kv.delete("outbox:cursor");
  });
}

describe("a job's end", () => {
  it("committed, then the hub evicted before the publish: the cron publishes it once, with one seq, and frees the slot", async () => {
    const team = await createTeam("outbox-end");
    const jobId = await queuedJob(team);
    // The terminal batch commits the end with the state; nothing kicks the hub (the Worker died here).
    expect(await failJob(env, team.id, jobId, "engine_failed", "the engine gave up")).toBe(true);
    expect(await failJob(env, team.id, jobId, "engine_failed", "a duplicate delivery")).toBe(false);
    await abortAllDurableObjects();
    const [row] = await outboxRows(team.id).then((rows) => rows.filter((r) => r.kind === "job_end"));
    expect(row).toMatchObject({ publishedAt: null });
    expect(await loggedEvents(team, jobId)).toEqual([]);

    expect(await kickStalledOutboxes(env, Date.now() + 60_000)).toContain(team.id);
    const events = await loggedEvents(team, jobId);
    expect(events).toMatchObject([{ type: "job:error", code: "engine_failed", message: "the engine gave up" }]);
    expect((await outboxRows(team.id)).every((r) => r.publishedAt !== null)).toBe(true);
    expect((await hub(team.id).jobSlotState()).held).not.toContain(jobId);

    // Replayed after the stamp and the cursor were lost: the log recognises the event id.
    await forgetPublish(team, row!.id);
    await kickOutbox(env, team.id);
    expect(await loggedEvents(team, jobId)).toEqual(events);
  });

  it("a drain cut short by an eviction is finished by the hub's alarm, and a live socket gets the end once", async () => {
    const team = await createTeam("outbox-alarm");
    const jobId = await queuedJob(team);
    const socket = await openSocket(team.id, { token: team.owner.accessToken });
    await socket.next((m) => m.type === "welcome");
    await failJob(env, team.id, jobId, "engine_failed", "cut short");
    // As a drain that started and was evicted leaves it: marked pending, rows not yet published.
    await runInDurableObject(hub(team.id), async (_instance, state) => {
      state.storage.kv.put("outbox:pending", true);
    });
    expect(await runDurableObjectAlarm(hub(team.id))).toBe(true);
    const end = await socket.next((m) => m.type === "job:error" && m.jobId === jobId);
    await kickOutbox(env, team.id);
    await kickOutbox(env, team.id);
    socket.send({ type: "ping", id: "p" });
    await socket.next((m) => m.type === "pong");
    expect(socket.messages.filter((m) => m.jobId === jobId && m.type === "job:error").map((m) => m.seq)).toEqual([
      end.seq,
    ]);
    socket.close();
  });

  it("canceling through the API writes the end and its audit entry in the cancel's batch", async () => {
    const team = await createTeam("outbox-cancel");
    const jobId = await queuedJob(team);
    const canceled = await api(`/api/v1/jobs/${jobId}`, {
      method: "DELETE",
      token: team.owner.accessToken,
      headers: { "Zukai-Workspace": team.id },
    });
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    const again = await api(`/api/v1/jobs/${jobId}`, {
      method: "DELETE",
      token: team.owner.accessToken,
      headers: { "Zukai-Workspace": team.id },
    });
    expect(again.status).toBe(409);
    expect((await outboxRows(team.id)).filter((r) => r.kind === "job_end")).toHaveLength(1);
    const audit = await api(`/api/v1/workspaces/${team.id}/audit-log?action=job.cancel`, {
      token: team.owner.accessToken,
    });
    expect(audit.body.items).toMatchObject([{ target: { type: "job", id: jobId }, after: { status: "canceled" } }]);
    expect(await loggedEvents(team, jobId)).toMatchObject([{ type: "job:complete", status: "canceled" }]);
  });
});

describe("an audit entry", () => {
  it("committed while the hub is unreachable reaches the chain later, once, and the chain verifies", async () => {
    const team = await createTeam("outbox-audit");
    const change = { action: "project.update", target: { type: "project", id: "prj_outbox" }, after: { name: "x" } };
    await auditStatementAs(env, team.id, { type: "system", id: "test" }, change).run();
    await abortAllDurableObjects();
    const read = () =>
      api(`/api/v1/workspaces/${team.id}/audit-log?action=project.update`, { token: team.owner.accessToken });
    // Reading does not publish: the entry waits in the outbox.
    expect((await read()).body.items).toEqual([]);
    await kickStalledOutboxes(env, Date.now() + 60_000);
    const [entry] = (await read()).body.items;
    expect(entry).toMatchObject({ action: "project.update", actor: { type: "system", id: "test" } });

    const [row] = (await outboxRows(team.id)).filter((r) => r.kind === "audit").slice(-1);
    await forgetPublish(team, row!.id);
    await kickOutbox(env, team.id);
    expect((await read()).body.items).toEqual([entry]);
    const verified = await api(`/api/v1/workspaces/${team.id}/audit-log/verify`, { token: team.owner.accessToken });
    expect(verified.body).toMatchObject({ ok: true });
  });
});
