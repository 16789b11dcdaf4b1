import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./helpers";
import { addMember, createKey, createRole, createTeam } from "./rbac-fixtures";
import { openSocket } from "./ws-client";

describe("privilege escalation", () => {
  it("an editor cannot promote themselves, hand out keys, or write roles", async () => {
    const team = await createTeam("esc-editor");
    const editor = await addMember(team, "editor");
    const token = editor.accessToken;
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/members/${editor.userId}`, {
        method: "PATCH",
        token,
        json: { role: "owner" },
      }),
      403,
      "forbidden",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, { token, json: { name: "mine", role: "owner" } }),
      403,
      "forbidden",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/roles`, {
        token,
        json: { name: "self", permissions: ["members:manage"] },
      }),
      403,
      "forbidden",
    );
    expect((await api(`/api/v1/workspaces/${team.id}`, { token })).body.role).toBe("editor");
  });

  it("an admin cannot create, widen, rename or delete a role that carries rights they lack", async () => {
    const team = await createTeam("esc-admin");
    const admin = await addMember(team, "admin");
    const token = admin.accessToken;
    const created = await api(`/api/v1/workspaces/${team.id}/roles`, {
      token,
      json: { name: "treasurer", permissions: ["billing:manage", "billing:read", "jobs:read"] },
    });
    expectProblem(created, 403, "permission_escalation");
    expect(created.body.missing).toEqual(["billing:manage", "billing:read"]);

    // What an admin holds, an admin may grant.
    const ok = await api(`/api/v1/workspaces/${team.id}/roles`, {
      token,
      json: { name: "helpers", permissions: ["members:manage", "jobs:read"] },
    });
    expect(ok.status).toBe(201);
    const widened = await api(`/api/v1/workspaces/${team.id}/roles/${ok.body.id}`, {
      method: "PATCH",
      token,
      json: { permissions: ["jobs:read", "workspace:delete"] },
    });
    expectProblem(widened, 403, "permission_escalation");
    expect(widened.body.missing).toEqual(["workspace:delete"]);

    const ownersRole = await createRole(team, "billing desk", ["billing:manage", "jobs:read"]);
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/roles/${ownersRole}`, {
        method: "PATCH",
        token,
        json: { name: "renamed" },
      }),
      403,
      "permission_escalation",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/roles/${ownersRole}`, { method: "DELETE", token }),
      403,
      "permission_escalation",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, { token, json: { name: "k", role: ownersRole } }),
      403,
      "permission_escalation",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, { token, json: { name: "k", role: "owner" } }),
      403,
      "permission_escalation",
    );
    expect(
      (await api(`/api/v1/workspaces/${team.id}/roles/${ownersRole}`, { token: team.owner.accessToken })).body
        .permissions,
    ).toEqual(["billing:manage", "jobs:read"]);
  });

  it("a member whose custom role manages roles cannot widen their own role", async () => {
    const team = await createTeam("esc-self-role");
    const roleId = await createRole(team, "role keeper", ["workspace:read", "roles:read", "roles:manage"]);
    const keeper = await addMember(team, roleId, "keeper");
    const widened = await api(`/api/v1/workspaces/${team.id}/roles/${roleId}`, {
      method: "PATCH",
      token: keeper.accessToken,
      json: { permissions: ["workspace:read", "roles:read", "roles:manage", "members:manage"] },
    });
    expectProblem(widened, 403, "permission_escalation");
    expect((await api(`/api/v1/workspaces/${team.id}`, { token: keeper.accessToken })).body.permissions).not.toContain(
      "members:manage",
    );
  });

  it("a narrower API key cannot mint a wider one", async () => {
    const team = await createTeam("esc-key");
    const key = await createKey(team, "admin");
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, { token: key.key, json: { name: "wider", role: "owner" } }),
      403,
    );
    const roleRes = await api(`/api/v1/workspaces/${team.id}/roles`, {
      token: key.key,
      json: { name: "wide", permissions: ["billing:manage"] },
    });
    expectProblem(roleRes, 403, "permission_escalation");
  });

  it("bodies that set role or workspaceId are refused, never obeyed", async () => {
    const team = await createTeam("esc-body");
    const other = await createTeam("esc-body-other");
    const editor = await addMember(team, "editor");
    const headers = { "Zukai-Workspace": team.id };
    expectProblem(
      await api("/api/v1/workspaces", { token: editor.accessToken, json: { name: "x", role: "owner" } }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api("/api/v1/projects", { token: editor.accessToken, headers, json: { name: "x", workspaceId: other.id } }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/roles`, {
        token: team.owner.accessToken,
        json: { name: "x", permissions: [], workspaceId: other.id },
      }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, {
        token: team.owner.accessToken,
        json: { name: "x", role: "viewer", workspaceId: other.id },
      }),
      422,
      "validation_failed",
    );
    // A custom role id must be a role of this workspace, whoever asks.
    const foreignRole = await createRole(other, "foreign", ["jobs:read"]);
    expectProblem(
      await api(`/api/v1/workspaces/${team.id}/api-keys`, {
        token: team.owner.accessToken,
        json: { name: "x", role: foreignRole },
      }),
      422,
      "unknown_role",
    );
    expect((await api(`/api/v1/workspaces/${other.id}/roles`, { token: team.owner.accessToken })).status).toBe(404);
  });

  it("a removed member's old token and open socket are refused", async () => {
    const team = await createTeam("esc-removed");
    const member = await addMember(team, "editor");
    expect((await api(`/api/v1/workspaces/${team.id}`, { token: member.accessToken })).status).toBe(200);
    const socket = await openSocket(team.id, { token: member.accessToken });
    await socket.next((m) => m.type === "welcome");

    const removed = await api(`/api/v1/workspaces/${team.id}/members/${member.userId}`, {
      method: "DELETE",
      token: team.owner.accessToken,
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect((await socket.closed).code).toBe(4003);
    expectProblem(await api(`/api/v1/workspaces/${team.id}`, { token: member.accessToken }), 404, "not_found");
    expectProblem(
      await api("/api/v1/projects", { token: member.accessToken, headers: { "Zukai-Workspace": team.id } }),
      404,
      "not_found",
    );
    const upgrade = await api(`/api/v1/workspaces/${team.id}/ws`, {
      token: member.accessToken,
      headers: { Upgrade: "websocket" },
    });
    expect(upgrade.status).toBe(404);
  });
});
