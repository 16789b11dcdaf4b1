import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "./helpers";

describe("workspaces", () => {
  it("creates a team workspace owned by its creator and lists it with the personal one", async () => {
    const user = await registerUser("team");
    const created = await api("/api/v1/workspaces", { token: user.accessToken, json: { name: "Research" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toBe(`/api/v1/workspaces/${created.body.id}`);
    expect(created.body).toMatchObject({ name: "Research", kind: "team", role: "owner" });

    const list = await api("/api/v1/workspaces", { token: user.accessToken });
    expect(list.body.items.map((w: { id: string }) => w.id).sort()).toEqual([created.body.id, user.workspaceId].sort());
  });

  it("pages with an opaque cursor", async () => {
    const user = await registerUser("pages");
    for (const name of ["one", "two", "three"])
      await api("/api/v1/workspaces", { token: user.accessToken, json: { name } });
    const first = await api("/api/v1/workspaces?limit=2", { token: user.accessToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api(`/api/v1/workspaces?limit=2&cursor=${first.body.nextCursor}`, { token: user.accessToken });
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((w: { id: string }) => w.id);
    expect(new Set(ids).size).toBe(4);
    expectProblem(
      await api("/api/v1/workspaces?cursor=bm90LW91cnM", { token: user.accessToken }),
      400,
      "invalid_cursor",
    );
  });

  it("answers 404 for another tenant's workspace, exactly like a missing one", async () => {
    const a = await registerUser("a");
    const b = await registerUser("b");
    const foreign = await api(`/api/v1/workspaces/${b.workspaceId}`, { token: a.accessToken });
    const missing = await api(`/api/v1/workspaces/ws_00000000000000000000000000`, { token: a.accessToken });
    expectProblem(foreign, 404, "not_found");
    expectProblem(missing, 404, "not_found");
    expect(foreign.body.detail).toBe(missing.body.detail);
  });

  it("flat routes act in the personal workspace, or the one the Zukai-Workspace header names", async () => {
    const user = await registerUser("flat");
    const team = await api("/api/v1/workspaces", { token: user.accessToken, json: { name: "Team" } });
    const personal = await api("/api/v1/projects", { token: user.accessToken, json: { name: "mine" } });
    expect(personal.body.workspaceId).toBe(user.workspaceId);
    const inTeam = await api("/api/v1/projects", {
      token: user.accessToken,
      json: { name: "ours" },
      headers: { "Zukai-Workspace": team.body.id },
    });
    expect(inTeam.body.workspaceId).toBe(team.body.id);
    const teamList = await api("/api/v1/projects", {
      token: user.accessToken,
      headers: { "Zukai-Workspace": team.body.id },
    });
    expect(teamList.body.items.map((p: { name: string }) => p.name)).toEqual(["ours"]);

    const other = await registerUser("outsider");
    expectProblem(
      await api("/api/v1/projects", { token: other.accessToken, headers: { "Zukai-Workspace": team.body.id } }),
      404,
    );
    expectProblem(await api(`/api/v1/projects/${inTeam.body.id}`, { token: other.accessToken }), 404);
  });

  it("ignores a workspace id smuggled in the body (unknown fields are refused)", async () => {
    const a = await registerUser("smuggle-a");
    const b = await registerUser("smuggle-b");
    const res = await api("/api/v1/projects", {
      token: a.accessToken,
      json: { name: "x", workspaceId: b.workspaceId },
    });
    expectProblem(res, 422, "validation_failed");
    expect(res.body.errors[0].message).toMatch(/workspaceId/);
  });
});
