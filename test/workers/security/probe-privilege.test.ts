/**
 * Issue 16, privilege that outlives a change (defects 1, 4, 6, 7, 14): an API key acts with the
 * smaller of its role and its creator's current role everywhere — REST, ws-tickets and the
 * socket's own messages — and a revocation or a role change closes the sockets it no longer allows.
 */

import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, BASE, expectProblem } from "../helpers";
import "../provided-context";
import { addMember, createKey, createRole, createTeam, type Team } from "../rbac-fixtures";
import { openSocket } from "../ws-client";
import { sec } from "./owasp";

let team: Team;
beforeAll(async () => {
  team = await createTeam("probe-privilege");
});

async function ticketFor(credential: string, workspaceId = team.id): Promise<string> {
  const res = await api(`/api/v1/workspaces/${workspaceId}/ws-ticket`, { token: credential, method: "POST" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.ticket;
}

describe("issue 16: privilege that outlives a change", () => {
  it(
    sec("API5", "a viewer key's ws-ticket opens a socket that acts as the key, not as the owner who created it"),
    async () => {
      const viewerKey = await createKey(team, "viewer");
      const socket = await openSocket(team.id, { ticket: await ticketFor(viewerKey.key) });
      socket.send({ type: "settings:update", id: "s1", settings: { defaultLanguage: "ja" } });
      expect(await socket.next((m) => m.id === "s1")).toMatchObject({ type: "error", code: "forbidden" });
      socket.send({ type: "job:cancel", id: "c1", jobId: "job_0000000000000000000000000a" });
      expect(await socket.next((m) => m.id === "c1")).toMatchObject({ type: "error", code: "forbidden" });
      socket.send({ type: "job:start", id: "j1", job: { kind: "transcription", url: "https://example.com/a.mp3" } });
      expect(await socket.next((m) => m.id === "j1")).toMatchObject({ type: "error", code: "forbidden" });
      socket.close();
    },
  );

  it(
    sec(
      "API5",
      "after an ownership transfer the former owner's owner-role key acts as an admin: no rename, no webhook secret, no plan change",
    ),
    async () => {
      const own = await createTeam("probe-transfer");
      const ownerKey = await createKey(own, "owner");
      // Before the transfer the key may rename the workspace (so the refusals below are the transfer's doing).
      expect(
        (
          await api(`/api/v1/workspaces/${own.id}`, {
            token: ownerKey.key,
            method: "PATCH",
            json: { name: "renamed by key" },
          })
        ).status,
      ).toBe(200);
      const heir = await addMember(own, "admin", "heir");
      const moved = await api(`/api/v1/workspaces/${own.id}/transfer-ownership`, {
        token: own.owner.accessToken,
        json: { userId: heir.userId },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);

      expectProblem(
        await api(`/api/v1/workspaces/${own.id}`, {
          token: ownerKey.key,
          method: "PATCH",
          json: { name: "taken back" },
        }),
        403,
        "forbidden",
      );
      expectProblem(
        await api(`/api/v1/workspaces/${own.id}/webhook-secret`, { token: ownerKey.key }),
        403,
        "forbidden",
      );
      expectProblem(
        await api(`/api/v1/workspaces/${own.id}/billing/plan`, {
          token: ownerKey.key,
          json: { plan: "pro", cycle: "monthly" },
        }),
        403,
        "forbidden",
      );
      // What an admin may still do, the key still may.
      expect((await api("/api/v1/jobs", { token: ownerKey.key })).status).toBe(200);
    },
  );

  it(sec("API5", "narrowing a custom role narrows its members' wider API keys at once"), async () => {
    const viewerAndKeys = [
      "workspace:read",
      "members:read",
      "projects:read",
      "jobs:read",
      "comments:create",
      "dashboards:read",
      "roles:read",
      "apikeys:manage",
    ];
    const role = await createRole(team, "key-maker", viewerAndKeys);
    const member = await addMember(team, role, "keymaker");
    const made = await api(`/api/v1/workspaces/${team.id}/api-keys`, {
      token: member.accessToken,
      json: { name: "viewer key", role: "viewer" },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await api("/api/v1/jobs", { token: made.body.key })).status).toBe(200);

    // The member's role loses jobs:read: the member's key (viewer, which has jobs:read) loses it too.
    const narrowed = await api(`/api/v1/workspaces/${team.id}/roles/${role}`, {
      token: team.owner.accessToken,
      method: "PATCH",
      json: { permissions: ["workspace:read"] },
    });
    expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(200);
    expectProblem(await api("/api/v1/jobs", { token: made.body.key }), 403, "forbidden");
  });

  it(sec("API5", "a key whose creator was demoted acts within the creator's new role"), async () => {
    const admin = await addMember(team, "admin", "demoted");
    const made = await api(`/api/v1/workspaces/${team.id}/api-keys`, {
      token: admin.accessToken,
      json: { name: "editor key", role: "editor" },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const readOnly = await createRole(team, "reads-jobs", ["workspace:read", "jobs:read"]);
    // The role change revokes keys wider than the new role in the same batch (members.ts); either way the key may not create.
    await api(`/api/v1/workspaces/${team.id}/members/${admin.userId}`, {
      token: team.owner.accessToken,
      method: "PATCH",
      json: { role: readOnly },
    });
    const res = await api("/api/v1/generate-diagram", {
      token: made.body.key,
      json: { text: "First we plan. Then we build." },
    });
    expect([401, 403]).toContain(res.status);
  });

  it(sec("API5", "revoking a key closes its open socket, and it receives nothing more"), async () => {
    const key = await createKey(team, "viewer");
    const socket = await openSocket(team.id, { token: key.key });
    await socket.next((m) => m.type === "welcome");
    expect(
      (
        await api(`/api/v1/workspaces/${team.id}/api-keys/${key.id}`, {
          token: team.owner.accessToken,
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    expect((await socket.closed).code).toBe(4003);
  });

  it(sec("API5", "revoking a key ends the job event stream (SSE) it opened"), async () => {
    const drawn = await api("/api/v1/generate-diagram", {
      token: team.owner.accessToken,
      headers: { "Zukai-Workspace": team.id },
      json: { text: "First we plan the work. Then we build it. Finally we ship it." },
    });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
    const key = await createKey(team, "viewer");
    const stream = await SELF.fetch(`${BASE}/api/v1/jobs/${drawn.body.jobId}/events`, {
      headers: { Authorization: `Bearer ${key.key}` },
    });
    expect(stream.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    await reader.read();
    expect(
      (
        await api(`/api/v1/workspaces/${team.id}/api-keys/${key.id}`, {
          token: team.owner.accessToken,
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    // The stream ends: the reader drains what was sent and then reports done (a test timeout otherwise).
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
  });

  it(
    sec("API5", "a member moved to a role without jobs:read has their socket closed, and a ticket socket too"),
    async () => {
      const member = await addMember(team, "viewer", "narrowed");
      const bearer = await openSocket(team.id, { token: member.accessToken });
      const viaTicket = await openSocket(team.id, { ticket: await ticketFor(member.accessToken) });
      await bearer.next((m) => m.type === "welcome");
      const noJobs = await createRole(team, "no-jobs", ["workspace:read"]);
      const changed = await api(`/api/v1/workspaces/${team.id}/members/${member.userId}`, {
        token: team.owner.accessToken,
        method: "PATCH",
        json: { role: noJobs },
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect((await bearer.closed).code).toBe(4003);
      expect((await viaTicket.closed).code).toBe(4003);
    },
  );

  it(sec("API3", "a viewer sees only the origin of a job's webhook URL; an editor sees all of it"), async () => {
    const editor = await addMember(team, "editor", "hooker");
    const viewer = await addMember(team, "viewer", "peeker");
    const wav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
    const form = new FormData();
    const webhookUrl = `${inject("remoteOrigin")}/webhook/probe-privilege?token=s3cr3t-embedded`;
    form.append("webhookUrl", webhookUrl);
    form.append("file", wav, "talk.wav");
    const created = await api("/api/v1/transcribe", {
      token: editor.accessToken,
      body: form,
      headers: { "Zukai-Workspace": team.id },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.options.webhookUrl).toBe(webhookUrl);

    const asViewer = await api(`/api/v1/jobs/${created.body.id}`, {
      token: viewer.accessToken,
      headers: { "Zukai-Workspace": team.id },
    });
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.options.webhookUrl).toBe(`${new URL(webhookUrl).origin}/…`);
    const listed = await api("/api/v1/jobs", { token: viewer.accessToken, headers: { "Zukai-Workspace": team.id } });
    expect(JSON.stringify(listed.body)).not.toContain("s3cr3t-embedded");
    const asEditor = await api(`/api/v1/jobs/${created.body.id}`, {
      token: editor.accessToken,
      headers: { "Zukai-Workspace": team.id },
    });
    expect(asEditor.body.options.webhookUrl).toBe(webhookUrl);
  });
});
