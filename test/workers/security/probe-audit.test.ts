/**
 * Issue 16.11's probe of the audit log: reads of secrets and bulk data, diagram edits and socket
 * settings changes each leave an entry, written with the change (through the event outbox), and a
 * refused attempt leaves none. A change and its entry commit together: when the entry cannot be
 * written, the change does not stand either.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { addMember, createKey, createTeam, type Team } from "../rbac-fixtures";
import { openSocket } from "../ws-client";
import { sec } from "./owasp";

interface Entry {
  action: string;
  actor: { type: string; id: string };
  target: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

async function entries(team: Team, action: string): Promise<Entry[]> {
  const res = await api(`/api/v1/workspaces/${team.id}/audit-log?action=${action}`, { token: team.owner.accessToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Entry[];
}

const inTeam = (team: Team) => ({ "Zukai-Workspace": team.id });

describe("audit gaps", () => {
  it(sec("API8", "reading the webhook signing secret is recorded with who read it and from where"), async () => {
    const team = await createTeam("probe-secret");
    const read = await api(`/api/v1/workspaces/${team.id}/webhook-secret`, {
      token: team.owner.accessToken,
      headers: { "CF-Connecting-IP": "198.51.100.4" },
    });
    expect(read.status).toBe(200);
    expect(read.body.secret).toMatch(/^whsec_/);
    expect(await entries(team, "webhook_secret.read")).toMatchObject([
      {
        actor: { type: "user", id: team.owner.userId },
        target: { type: "workspace", id: team.id },
        ip: "198.51.100.4",
      },
    ]);
    // The entry never carries the secret itself.
    expect(JSON.stringify(await entries(team, "webhook_secret.read"))).not.toContain(read.body.secret);
  });

  it(sec("API6", "downloading an export bundle (every row and file of the workspace) is recorded"), async () => {
    const team = await createTeam("probe-export");
    const started = await api(`/api/v1/workspaces/${team.id}/exports`, {
      method: "POST",
      token: team.owner.accessToken,
    });
    expect(started.status).toBe(202);
    let status = started.body.status as string;
    for (let i = 0; i < 100 && status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (
        await api(`/api/v1/workspaces/${team.id}/exports/${started.body.id}`, { token: team.owner.accessToken })
      ).body.status;
    }
    expect(status).toBe("succeeded");
    expect(await entries(team, "export.download")).toEqual([]);
    const bundle = await api(`/api/v1/workspaces/${team.id}/exports/${started.body.id}/bundle`, {
      token: team.owner.accessToken,
    });
    expect(bundle.status).toBe(200);
    expect(await entries(team, "export.download")).toMatchObject([
      { actor: { id: team.owner.userId }, target: { type: "export", id: started.body.id } },
    ]);
  });

  it(
    sec(
      "API1",
      "editing a diagram is recorded with the revision before and after; a foreign edit (404) records nothing",
    ),
    async () => {
      const team = await createTeam("probe-diagram");
      const created = await api("/api/v1/generate-diagram", {
        token: team.owner.accessToken,
        headers: inTeam(team),
        json: { text: "First we gather the data. Then we clean it. Finally we publish the report.", type: "flow" },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const data = structuredClone(created.body.data);
      data.title = "Edited title";
      const stranger = await createTeam("probe-diagram-stranger");
      const foreign = await api(`/api/v1/diagrams/${created.body.id}`, {
        method: "PATCH",
        token: stranger.owner.accessToken,
        headers: inTeam(stranger),
        json: data,
      });
      expect(foreign.status).toBe(404);
      expect(await entries(stranger, "diagram.update")).toEqual([]);
      const edited = await api(`/api/v1/diagrams/${created.body.id}`, {
        method: "PATCH",
        token: team.owner.accessToken,
        headers: inTeam(team),
        json: data,
      });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(await entries(team, "diagram.update")).toMatchObject([
        {
          target: { type: "diagram", id: created.body.id },
          before: { revision: 1 },
          after: { revision: 2, title: "Edited title" },
        },
      ]);
    },
  );

  it(
    sec(
      "API5",
      "a settings:update over the WebSocket is recorded with its socket actor; a viewer's refused one is not",
    ),
    async () => {
      const team = await createTeam("probe-settings");
      const viewer = await addMember(team, "viewer");
      const refused = await openSocket(team.id, { token: viewer.accessToken });
      await refused.next((m) => m.type === "welcome");
      refused.send({ type: "settings:update", id: "v1", settings: { defaultLanguage: "ja" } });
      expect(await refused.next((m) => m.id === "v1")).toMatchObject({ type: "error", code: "forbidden" });
      refused.close();
      const owner = await openSocket(team.id, { token: team.owner.accessToken });
      await owner.next((m) => m.type === "welcome");
      owner.send({ type: "settings:update", id: "s1", settings: { defaultLanguage: "ja" } });
      expect(await owner.next((m) => m.id === "s1")).toMatchObject({ type: "ack" });
      owner.close();
      expect(await entries(team, "workspace.settings_updated")).toMatchObject([
        {
          actor: { type: "user", id: team.owner.userId },
          target: { type: "workspace", id: team.id },
          after: { settings: { defaultLanguage: "ja" }, via: "websocket" },
        },
      ]);
    },
  );
});

/**
 * Makes D1 refuse every outbox row of the team that records `action`, as a write failing at that
 * moment would (a real trigger on the real table; nothing is mocked). Returns the undo.
 */
async function refuseEntries(team: Team, action: string): Promise<() => Promise<void>> {
  const name = `refuse_${action.replace(/\W/g, "_")}_${team.id}`;
  await env.DB.prepare(
    `CREATE TRIGGER ${name} BEFORE INSERT ON event_outbox
     WHEN NEW.workspace_id = '${team.id}' AND EXISTS (SELECT 1 FROM json_each(NEW.body, '$.entries') WHERE json_extract(value, '$.action') = '${action}')
     BEGIN SELECT RAISE(ABORT, 'audit entry refused'); END`,
  ).run();
  return async () => {
    await env.DB.prepare(`DROP TRIGGER ${name}`).run();
  };
}

describe("a change and its audit entry commit together", () => {
  it(sec("API5", "a member's role change whose entry cannot be written does not stand"), async () => {
    const team = await createTeam("atomic-role");
    const member = await addMember(team, "editor");
    const undo = await refuseEntries(team, "member.role_changed");
    const refused = await api(`/api/v1/workspaces/${team.id}/members/${member.userId}`, {
      method: "PATCH",
      token: team.owner.accessToken,
      json: { role: "viewer" },
    });
    await undo();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const role = await env.DB.prepare("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?")
      .bind(team.id, member.userId)
      .first<{ role: string }>();
    expect(role?.role).toBe("editor");
    const changed = await api(`/api/v1/workspaces/${team.id}/members/${member.userId}`, {
      method: "PATCH",
      token: team.owner.accessToken,
      json: { role: "viewer" },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(await entries(team, "member.role_changed")).toMatchObject([
      { target: { type: "member", id: member.userId }, before: { role: "editor" }, after: { role: "viewer" } },
    ]);
  });

  it(sec("API2", "an API key revocation whose entry cannot be written leaves the key working"), async () => {
    const team = await createTeam("atomic-key");
    const key = await createKey(team, "viewer");
    const undo = await refuseEntries(team, "api_key.revoke");
    const refused = await api(`/api/v1/workspaces/${team.id}/api-keys/${key.id}`, {
      method: "DELETE",
      token: team.owner.accessToken,
    });
    await undo();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect((await api(`/api/v1/workspaces/${team.id}`, { token: key.key })).status).toBe(200);
    expect(await entries(team, "api_key.revoke")).toEqual([]);
  });

  it(sec("API5", "a custom role whose entry cannot be written is not created"), async () => {
    const team = await createTeam("atomic-custom-role");
    const undo = await refuseEntries(team, "role.create");
    const refused = await api(`/api/v1/workspaces/${team.id}/roles`, {
      token: team.owner.accessToken,
      json: { name: "Reviewers", permissions: ["projects:read"] },
    });
    await undo();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const roles = await api(`/api/v1/workspaces/${team.id}/roles`, { token: team.owner.accessToken });
    expect(roles.body.items.map((r: { name: string }) => r.name)).not.toContain("Reviewers");
  });

  it(sec("API6", "a diagram whose creation entry cannot be written leaves no job behind"), async () => {
    const team = await createTeam("atomic-diagram");
    const undo = await refuseEntries(team, "diagram.create");
    const refused = await api("/api/v1/generate-diagram", {
      token: team.owner.accessToken,
      headers: inTeam(team),
      json: { text: "First we plan. Then we build. Finally we ship.", type: "flow" },
    });
    await undo();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const jobs = await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
      .bind(team.id)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(0);
  });
});
