/** Members: the list, role changes within one's own rights, removal, leaving, and exactly one owner. */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, BASE, expectProblem, registerUser } from "./helpers";
import { addMember, createTeam } from "./team-helpers";
import { openSocket } from "./ws-client";

async function ownersOf(workspaceId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT user_id FROM memberships WHERE workspace_id = ? AND role = 'owner'")
    .bind(workspaceId)
    .all<{ user_id: string }>();
  return results.map((r) => r.user_id);
}

describe("member list", () => {
  it("shows role, invitedAt and lastActiveAt, a page at a time", async () => {
    const owner = await registerUser("list-owner");
    const team = await createTeam(owner);
    const editor = await addMember(owner, team, "editor");
    // The editor acts in the workspace once, which marks them active.
    expect(
      (await api("/api/v1/projects", { token: editor.accessToken, headers: { "Zukai-Workspace": team } })).status,
    ).toBe(200);

    const first = await api(`/api/v1/workspaces/${team}/members?limit=1`, { token: editor.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api(`/api/v1/workspaces/${team}/members?limit=1&cursor=${first.body.nextCursor}`, {
      token: editor.accessToken,
    });
    expect(second.body.nextCursor).toBeNull();
    const members = [...first.body.items, ...second.body.items];
    const byId = Object.fromEntries(members.map((m: any) => [m.userId, m]));
    expect(byId[owner.userId]).toMatchObject({ role: "owner", invitedAt: null, email: owner.email });
    expect(byId[editor.userId]).toMatchObject({
      role: "editor",
      invitedAt: expect.any(String),
      lastActiveAt: expect.any(String),
      email: editor.email,
    });
    expect(Date.parse(byId[editor.userId].invitedAt)).toBeLessThanOrEqual(Date.parse(byId[editor.userId].joinedAt));
  });

  it("is not readable from another workspace", async () => {
    const owner = await registerUser("list-a");
    const stranger = await registerUser("list-b");
    const team = await createTeam(owner);
    expectProblem(await api(`/api/v1/workspaces/${team}/members`, { token: stranger.accessToken }), 404, "not_found");
  });
});

describe("role changes", () => {
  it("lets an admin change roles within their own rights, and nothing more", async () => {
    const owner = await registerUser("roles-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin");
    const viewer = await addMember(owner, team, "viewer");

    const promoted = await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
      method: "PATCH",
      token: admin.accessToken,
      json: { role: "editor" },
    });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect(promoted.body.role).toBe("editor");

    // Nobody makes an owner this way, nor touches the owner's role.
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
        method: "PATCH",
        token: owner.accessToken,
        json: { role: "owner" },
      }),
      400,
      "ownership_transfer_required",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${owner.userId}`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: "viewer" },
      }),
      409,
      "owner_role_fixed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${owner.userId}`, {
        method: "PATCH",
        token: owner.accessToken,
        json: { role: "admin" },
      }),
      409,
      "owner_role_fixed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: "superuser" },
      }),
      422,
      "unknown_role",
    );
    // An editor promoting themselves lacks members:manage.
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
        method: "PATCH",
        token: viewer.accessToken,
        json: { role: "admin" },
      }),
      403,
      "forbidden",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/usr_00000000000000000000000000`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: "viewer" },
      }),
      404,
    );
    expect(await ownersOf(team)).toEqual([owner.userId]);
  });

  it("assigns custom roles, but never one, nor to someone, holding more than the caller", async () => {
    const owner = await registerUser("custom-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin", "custom-admin");
    const viewer = await addMember(owner, team, "viewer", "custom-viewer");
    const role = async (name: string, permissions: string[]) => {
      const res = await api(`/api/v1/workspaces/${team}/roles`, {
        token: owner.accessToken,
        json: { name, permissions },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const reviewer = await role("Reviewer", ["workspace:read", "projects:read", "comments:create"]);
    const treasurer = await role("Treasurer", ["workspace:read", "billing:read", "billing:manage"]);

    const assigned = await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
      method: "PATCH",
      token: admin.accessToken,
      json: { role: reviewer },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect((await api(`/api/v1/workspaces/${team}`, { token: viewer.accessToken })).body.role).toBe(reviewer);

    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: treasurer },
      }),
      403,
      "permission_escalation",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: admin.accessToken,
        json: { email: "t@example.test", role: treasurer },
      }),
      403,
      "permission_escalation",
    );
    // The owner may; afterwards the admin can neither change nor remove the treasurer.
    expect(
      (
        await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
          method: "PATCH",
          token: owner.accessToken,
          json: { role: treasurer },
        })
      ).status,
    ).toBe(200);
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: "viewer" },
      }),
      403,
      "permission_escalation",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${viewer.userId}`, { method: "DELETE", token: admin.accessToken }),
      403,
      "permission_escalation",
    );
  });

  it("revokes a demoted member's API keys that now exceed their role", async () => {
    const owner = await registerUser("keys-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin");
    const created = await api(`/api/v1/workspaces/${team}/api-keys`, {
      token: admin.accessToken,
      json: { name: "ci", role: "admin" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api("/api/v1/projects", { token: created.body.key })).status).toBe(200);
    const demoted = await api(`/api/v1/workspaces/${team}/members/${admin.userId}`, {
      method: "PATCH",
      token: owner.accessToken,
      json: { role: "editor" },
    });
    expect(demoted.status).toBe(200);
    expectProblem(await api("/api/v1/projects", { token: created.body.key }), 401, "invalid_api_key");
  });
});

describe("removing a member", () => {
  it("ends their access at once: token 404, socket closed with 4003, API key 401", async () => {
    const owner = await registerUser("rm-owner");
    const team = await createTeam(owner);
    const member = await addMember(owner, team, "admin", "rm-member");
    const key = await api(`/api/v1/workspaces/${team}/api-keys`, {
      token: member.accessToken,
      json: { name: "mine", role: "editor" },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    expect((await api("/api/v1/projects", { token: key.body.key })).status).toBe(200);
    const socket = await openSocket(team, { token: member.accessToken });
    await socket.next((m) => m.type === "welcome");
    // The cache is warm: the member has just been let in.
    expect((await api(`/api/v1/workspaces/${team}`, { token: member.accessToken })).status).toBe(200);

    const removed = await api(`/api/v1/workspaces/${team}/members/${member.userId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);

    expect((await socket.closed).code).toBe(4003);
    expectProblem(await api(`/api/v1/workspaces/${team}`, { token: member.accessToken }), 404, "not_found");
    expectProblem(
      await api("/api/v1/projects", { token: member.accessToken, headers: { "Zukai-Workspace": team } }),
      404,
    );
    expectProblem(await api("/api/v1/projects", { token: key.body.key }), 401, "invalid_api_key");
    const reopen = await SELF.fetch(`${BASE}/api/v1/workspaces/${team}/ws`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${member.accessToken}` },
    });
    expect(reopen.status).toBe(404);
    // Their own workspace is untouched.
    expect((await api(`/api/v1/workspaces/${member.workspaceId}`, { token: member.accessToken })).status).toBe(200);
    // On the record: who removed whom.
    const entry = await env.DB.prepare(
      "SELECT actor_type, actor_id, target_id, before_json FROM audit_log WHERE workspace_id = ? AND action = 'member.removed'",
    )
      .bind(team)
      .first<any>();
    expect(entry).toMatchObject({ actor_type: "user", actor_id: owner.userId, target_id: member.userId });
    expect(JSON.parse(entry.before_json)).toMatchObject({ role: "admin" });
  });

  it("refuses to remove the owner, whoever asks", async () => {
    const owner = await registerUser("rm-own");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin");
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${owner.userId}`, { method: "DELETE", token: admin.accessToken }),
      409,
      "owner_cannot_be_removed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/members/${owner.userId}`, { method: "DELETE", token: owner.accessToken }),
      409,
      "owner_cannot_be_removed",
    );
    expect(await ownersOf(team)).toEqual([owner.userId]);
  });
});

describe("leaving", () => {
  it("lets a member leave, but not the only owner", async () => {
    const owner = await registerUser("leave-owner");
    const team = await createTeam(owner);
    const viewer = await addMember(owner, team, "viewer");
    expect((await api(`/api/v1/workspaces/${team}/leave`, { method: "POST", token: viewer.accessToken })).status).toBe(
      204,
    );
    expectProblem(await api(`/api/v1/workspaces/${team}`, { token: viewer.accessToken }), 404);
    expectProblem(
      await api(`/api/v1/workspaces/${team}/leave`, { method: "POST", token: owner.accessToken }),
      409,
      "owner_cannot_leave",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${owner.workspaceId}/leave`, { method: "POST", token: owner.accessToken }),
      409,
      "owner_cannot_leave",
    );
    expect(await ownersOf(team)).toEqual([owner.userId]);
  });
});

describe("ownership", () => {
  it("transfers to another member; the old owner becomes admin and can then leave", async () => {
    const owner = await registerUser("xfer-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin");
    const editor = await addMember(owner, team, "editor");

    expectProblem(
      await api(`/api/v1/workspaces/${team}/transfer-ownership`, {
        token: admin.accessToken,
        json: { userId: admin.userId },
      }),
      403,
      "owner_required",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/transfer-ownership`, {
        token: owner.accessToken,
        json: { userId: "usr_00000000000000000000000000" },
      }),
      404,
    );
    expectProblem(
      await api(`/api/v1/workspaces/${owner.workspaceId}/transfer-ownership`, {
        token: owner.accessToken,
        json: { userId: admin.userId },
      }),
      409,
      "personal_workspace",
    );

    const moved = await api(`/api/v1/workspaces/${team}/transfer-ownership`, {
      token: owner.accessToken,
      json: { userId: editor.userId },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.newOwner).toMatchObject({ userId: editor.userId, role: "owner" });
    expect(moved.body.previousOwner).toMatchObject({ userId: owner.userId, role: "admin" });
    expect(await ownersOf(team)).toEqual([editor.userId]);
    expect((await api(`/api/v1/workspaces/${team}`, { token: owner.accessToken })).body.role).toBe("admin");

    expect((await api(`/api/v1/workspaces/${team}/leave`, { method: "POST", token: owner.accessToken })).status).toBe(
      204,
    );
    expect(await ownersOf(team)).toEqual([editor.userId]);
  });

  it("keeps exactly one owner under concurrent transfers, demotions and removals", async () => {
    const owner = await registerUser("race-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin", "race-admin");
    const b = await addMember(owner, team, "editor", "race-b");
    const c = await addMember(owner, team, "editor", "race-c");
    const results = await Promise.all([
      api(`/api/v1/workspaces/${team}/transfer-ownership`, { token: owner.accessToken, json: { userId: b.userId } }),
      api(`/api/v1/workspaces/${team}/transfer-ownership`, { token: owner.accessToken, json: { userId: c.userId } }),
      api(`/api/v1/workspaces/${team}/members/${b.userId}`, {
        method: "PATCH",
        token: admin.accessToken,
        json: { role: "viewer" },
      }),
      api(`/api/v1/workspaces/${team}/members/${c.userId}`, { method: "DELETE", token: admin.accessToken }),
      api(`/api/v1/workspaces/${team}/leave`, { method: "POST", token: owner.accessToken }),
    ]);
    for (const res of results) expect([200, 204, 403, 404, 409], JSON.stringify(res.body)).toContain(res.status);
    const owners = await ownersOf(team);
    expect(owners).toHaveLength(1);
    // Whoever ended up owner is still a member, and the old owner never left as the owner.
    const members = (await api(`/api/v1/workspaces/${team}/members`, { token: admin.accessToken })).body.items as any[];
    expect(members.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual(owners);
  });

  it("the database itself refuses a second owner", async () => {
    const owner = await registerUser("db-owner");
    const team = await createTeam(owner);
    const admin = await addMember(owner, team, "admin", "db-admin");
    await expect(
      env.DB.prepare("UPDATE memberships SET role = 'owner' WHERE workspace_id = ? AND user_id = ?")
        .bind(team, admin.userId)
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });
});
