import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./helpers";
import { addMember, createKey, createRole, createTeam } from "./rbac-fixtures";

const roles = (workspaceId: string, rest = "") => `/api/v1/workspaces/${workspaceId}/roles${rest}`;

async function permissionsIn(workspaceId: string, token: string): Promise<string[]> {
  const res = await api(`/api/v1/workspaces/${workspaceId}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.permissions;
}

describe("roles", () => {
  it("lists the built-in roles as issue 7 defines them, and the permission vocabulary", async () => {
    const team = await createTeam("roles-builtin");
    const res = await api(roles(team.id), { token: team.owner.accessToken });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((r: any) => [r.id, r]));
    expect(Object.keys(byId)).toEqual(["owner", "admin", "editor", "viewer"]);
    expect(byId.owner.permissions).toEqual([...res.body.permissions].sort());
    for (const ownerOnly of ["workspace:update", "workspace:delete", "billing:manage", "projects:delete"])
      expect(byId.admin.permissions).not.toContain(ownerOnly);
    for (const admin of [
      "members:manage",
      "roles:manage",
      "projects:create",
      "projects:update",
      "analytics:read",
      "data:export",
      "audit:read",
    ])
      expect(byId.admin.permissions).toContain(admin);
    for (const editor of ["projects:create", "projects:update", "jobs:create", "jobs:cancel", "data:export_own"])
      expect(byId.editor.permissions).toContain(editor);
    for (const notEditor of ["data:export", "members:manage", "projects:delete", "audit:read"])
      expect(byId.editor.permissions).not.toContain(notEditor);
    expect(byId.viewer.permissions).toEqual(expect.arrayContaining(["projects:read", "comments:create"]));
    for (const notViewer of ["projects:create", "jobs:create", "data:export_own"])
      expect(byId.viewer.permissions).not.toContain(notViewer);
    // Every role is a subset of the owner's.
    for (const role of res.body.items) expect(byId.owner.permissions).toEqual(expect.arrayContaining(role.permissions));
    expect(res.body.permissions).toEqual(
      expect.arrayContaining([
        "billing:read",
        "billing:manage",
        "usage:read",
        "alerts:read",
        "alerts:manage",
        "dashboards:read",
        "dashboards:manage",
        "data:export",
      ]),
    );
  });

  it("creates, reads, updates and deletes a custom role, each change on the audit log", async () => {
    const team = await createTeam("roles-crud");
    const token = team.owner.accessToken;
    const created = await api(roles(team.id), {
      token,
      json: {
        name: "Reviewer",
        description: "reads and comments",
        permissions: ["projects:read", "comments:create", "projects:read"],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toBe(`/api/v1/workspaces/${team.id}/roles/${created.body.id}`);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^rol_/),
      name: "Reviewer",
      builtIn: false,
      permissions: ["comments:create", "projects:read"],
    });

    expect((await api(roles(team.id, `/${created.body.id}`), { token })).body).toEqual(created.body);
    expect((await api(roles(team.id, "/viewer"), { token })).body).toMatchObject({ id: "viewer", builtIn: true });

    const updated = await api(roles(team.id, `/${created.body.id}`), {
      method: "PATCH",
      token,
      json: { permissions: ["projects:read"] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Reviewer", permissions: ["projects:read"] });
    const listed = await api(roles(team.id), { token });
    expect(listed.body.items.map((r: any) => r.id)).toEqual(["owner", "admin", "editor", "viewer", created.body.id]);

    expect((await api(roles(team.id, `/${created.body.id}`), { method: "DELETE", token })).status).toBe(204);
    expectProblem(await api(roles(team.id, `/${created.body.id}`), { token }), 404, "not_found");

    const log = await api(`/api/v1/workspaces/${team.id}/audit-log?action=role.*`, { token });
    expect(log.body.items.map((e: any) => e.action)).toEqual(["role.delete", "role.update", "role.create"]);
    expect(log.body.items[1].before.permissions).toEqual(["comments:create", "projects:read"]);
    expect(log.body.items[1].after.permissions).toEqual(["projects:read"]);
  });

  it("refuses bad names and permissions, and keeps built-ins immutable", async () => {
    const team = await createTeam("roles-invalid");
    const token = team.owner.accessToken;
    await createRole(team, "Ops", ["jobs:read"]);
    expectProblem(await api(roles(team.id), { token, json: { name: "Ops", permissions: [] } }), 409, "role_name_taken");
    expectProblem(
      await api(roles(team.id), { token, json: { name: "Owner", permissions: [] } }),
      409,
      "role_name_taken",
    );
    expectProblem(
      await api(roles(team.id), { token, json: { name: "x", permissions: ["root:all"] } }),
      422,
      "validation_failed",
    );
    expectProblem(await api(roles(team.id), { token, json: { name: "", permissions: [] } }), 422, "validation_failed");
    expectProblem(
      await api(roles(team.id), { token, json: { name: "x", permissions: [], builtIn: true } }),
      422,
      "validation_failed",
    );
    for (const builtIn of ["owner", "admin", "editor", "viewer"]) {
      expectProblem(
        await api(roles(team.id, `/${builtIn}`), { method: "PATCH", token, json: { permissions: ["jobs:read"] } }),
        409,
        "built_in_role_immutable",
      );
      expectProblem(
        await api(roles(team.id, `/${builtIn}`), { method: "DELETE", token }),
        409,
        "built_in_role_immutable",
      );
    }
    expectProblem(await api(roles(team.id, "/superuser"), { token }), 422, "validation_failed");
    expectProblem(
      await api(roles(team.id, "/rol_00000000000000000000000000"), { method: "PATCH", token, json: { name: "y" } }),
      404,
      "not_found",
    );
    expectProblem(
      await api(roles(team.id, "/rol_00000000000000000000000000"), { method: "PATCH", token, json: {} }),
      422,
      "validation_failed",
    );
  });

  it("a custom role assigned to a member or an API key grants exactly its permissions, and changes reach them at once", async () => {
    const team = await createTeam("roles-assign");
    const roleId = await createRole(team, "Project clerk", ["workspace:read", "projects:read", "projects:create"]);
    const member = await addMember(team, roleId, "clerk");
    expect((await permissionsIn(team.id, member.accessToken)).sort()).toEqual([
      "projects:create",
      "projects:read",
      "workspace:read",
    ]);
    const headers = { "Zukai-Workspace": team.id };
    expect(
      (await api("/api/v1/projects", { token: member.accessToken, headers, json: { name: "filed" } })).status,
    ).toBe(201);
    expectProblem(await api("/api/v1/jobs", { token: member.accessToken, headers }), 403, "forbidden");

    const key = await createKey(team, roleId);
    expect((await permissionsIn(team.id, key.key)).sort()).toEqual([
      "projects:create",
      "projects:read",
      "workspace:read",
    ]);
    expect((await api("/api/v1/projects", { token: key.key })).status).toBe(200);

    await api(roles(team.id, `/${roleId}`), {
      method: "PATCH",
      token: team.owner.accessToken,
      json: { permissions: ["workspace:read", "jobs:read"] },
    });
    expectProblem(await api("/api/v1/projects", { token: member.accessToken, headers }), 403, "forbidden");
    expect((await api("/api/v1/jobs", { token: member.accessToken, headers })).status).toBe(200);
    expect((await api("/api/v1/jobs", { token: key.key })).status).toBe(200);
  });

  it("a role in use by members or live API keys cannot be deleted", async () => {
    const team = await createTeam("roles-in-use");
    const token = team.owner.accessToken;
    const memberRole = await createRole(team, "held by a member", ["jobs:read"]);
    await addMember(team, memberRole, "holder");
    const deleted = await api(roles(team.id, `/${memberRole}`), { method: "DELETE", token });
    expectProblem(deleted, 409, "role_in_use");
    expect(deleted.body).toMatchObject({ members: 1, apiKeys: 0 });

    const keyRole = await createRole(team, "held by a key", ["jobs:read"]);
    const key = await createKey(team, keyRole);
    expect((await api(roles(team.id, `/${keyRole}`), { method: "DELETE", token })).body).toMatchObject({
      code: "role_in_use",
      members: 0,
      apiKeys: 1,
    });
    await api(`/api/v1/workspaces/${team.id}/api-keys/${key.id}`, { method: "DELETE", token });
    expect((await api(roles(team.id, `/${keyRole}`), { method: "DELETE", token })).status).toBe(204);
  });

  it("another workspace's custom role is unknown here", async () => {
    const mine = await createTeam("roles-mine");
    const theirs = await createTeam("roles-theirs");
    const foreignRole = await createRole(theirs, "theirs", ["jobs:read"]);
    expectProblem(await api(roles(mine.id, `/${foreignRole}`), { token: mine.owner.accessToken }), 404, "not_found");
    expectProblem(
      await api(roles(mine.id, `/${foreignRole}`), { method: "DELETE", token: mine.owner.accessToken }),
      404,
      "not_found",
    );
    const key = await api(`/api/v1/workspaces/${mine.id}/api-keys`, {
      token: mine.owner.accessToken,
      json: { name: "k", role: foreignRole },
    });
    expectProblem(key, 422, "unknown_role");
    // A membership pointing at another workspace's role grants nothing.
    const stray = await addMember(mine, foreignRole, "stray");
    expectProblem(await api(`/api/v1/workspaces/${mine.id}`, { token: stray.accessToken }), 403, "forbidden");
  });
});
