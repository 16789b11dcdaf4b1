/**
 * Issue 16.11's probe of the audit log: reads of secrets and bulk data, diagram edits and socket
 * settings changes each leave an entry, written with the change (through the event outbox), and a
 * refused attempt leaves none.
 */
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { addMember, createTeam, type Team } from "../rbac-fixtures";
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
    const read = await api(`/api/v1/workspaces/${team.id}/webhook-secret`, { token: team.owner.accessToken, headers: { "CF-Connecting-IP": "198.51.100.4" } });
    expect(read.status).toBe(200);
    expect(read.body.secret).toMatch(/^whsec_/);
    expect(await entries(team, "webhook_secret.read")).toMatchObject([
      { actor: { type: "user", id: team.owner.userId }, target: { type: "workspace", id: team.id }, ip: "198.51.100.4" },
    ]);
    // The entry never carries the secret itself.
    expect(JSON.stringify(await entries(team, "webhook_secret.read"))).not.toContain(read.body.secret);
  });

  it(sec("API6", "downloading an export bundle (every row and file of the workspace) is recorded"), async () => {
    const team = await createTeam("probe-export");
    const started = await api(`/api/v1/workspaces/${team.id}/exports`, { method: "POST", token: team.owner.accessToken });
    expect(started.status).toBe(202);
    let status = started.body.status as string;
    for (let i = 0; i < 100 && status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api(`/api/v1/workspaces/${team.id}/exports/${started.body.id}`, { token: team.owner.accessToken })).body.status;
    }
    expect(status).toBe("succeeded");
    expect(await entries(team, "export.download")).toEqual([]);
    const bundle = await api(`/api/v1/workspaces/${team.id}/exports/${started.body.id}/bundle`, { token: team.owner.accessToken });
    expect(bundle.status).toBe(200);
    expect(await entries(team, "export.download")).toMatchObject([{ actor: { id: team.owner.userId }, target: { type: "export", id: started.body.id } }]);
  });

  it(sec("API1", "editing a diagram is recorded with the revision before and after; a foreign edit (404) records nothing"), async () => {
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
    const foreign = await api(`/api/v1/diagrams/${created.body.id}`, { method: "PATCH", token: stranger.owner.accessToken, headers: inTeam(stranger), json: data });
    expect(foreign.status).toBe(404);
    expect(await entries(stranger, "diagram.update")).toEqual([]);
    const edited = await api(`/api/v1/diagrams/${created.body.id}`, { method: "PATCH", token: team.owner.accessToken, headers: inTeam(team), json: data });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(await entries(team, "diagram.update")).toMatchObject([
      { target: { type: "diagram", id: created.body.id }, before: { revision: 1 }, after: { revision: 2, title: "Edited title" } },
    ]);
  });

  it(sec("API5", "a settings:update over the WebSocket is recorded with its socket actor; a viewer's refused one is not"), async () => {
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
      { actor: { type: "user", id: team.owner.userId }, target: { type: "workspace", id: team.id }, after: { settings: { defaultLanguage: "ja" }, via: "websocket" } },
    ]);
  });
});
