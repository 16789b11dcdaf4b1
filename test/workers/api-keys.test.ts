import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "./helpers";

async function createKey(token: string, workspaceId: string, role = "editor") {
  return api(`/api/v1/workspaces/${workspaceId}/api-keys`, { token, json: { name: "ci", role } });
}

describe("workspace API keys", () => {
  it("is shown once, works, records its use, and stops working when revoked", async () => {
    const owner = await registerUser("keys");
    const created = await createKey(owner.accessToken, owner.workspaceId);
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^zk_[A-Za-z0-9]{8}_/);
    expect(key.startsWith(created.body.prefix)).toBe(true);

    const listed = await api(`/api/v1/workspaces/${owner.workspaceId}/api-keys`, { token: owner.accessToken });
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(12));

    const used = await api(`/api/v1/workspaces/${owner.workspaceId}`, { token: key });
    expect(used.status).toBe(200);
    expect(used.body.role).toBe("editor");
    // The key acts in its own workspace on the flat routes too.
    const project = await api("/api/v1/projects", { token: key, json: { name: "from a key" } });
    expect(project.status).toBe(201);
    expect(project.body.workspaceId).toBe(owner.workspaceId);

    // last-used is written after the response (waitUntil); poll briefly for it.
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 20 && !lastUsedAt; i++) {
      const again = await api(`/api/v1/workspaces/${owner.workspaceId}/api-keys`, { token: owner.accessToken });
      lastUsedAt = again.body.items[0].lastUsedAt;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastUsedAt).not.toBeNull();

    const revoked = await api(`/api/v1/workspaces/${owner.workspaceId}/api-keys/${created.body.id}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(revoked.status).toBe(204);
    expectProblem(await api(`/api/v1/workspaces/${owner.workspaceId}`, { token: key }), 401, "invalid_api_key");
  });

  it("cannot reach another workspace, by path or by header", async () => {
    const a = await registerUser("tenant-a");
    const b = await registerUser("tenant-b");
    const { body } = await createKey(a.accessToken, a.workspaceId);
    expectProblem(await api(`/api/v1/workspaces/${b.workspaceId}`, { token: body.key }), 404, "not_found");
    expectProblem(
      await api("/api/v1/projects", { token: body.key, headers: { "Zukai-Workspace": b.workspaceId } }),
      404,
    );
    expectProblem(await api(`/api/v1/workspaces/${b.workspaceId}/api-keys`, { token: body.key }), 404);
  });

  it("a viewer key cannot manage keys or create projects", async () => {
    const owner = await registerUser("viewer-key");
    const { body } = await createKey(owner.accessToken, owner.workspaceId, "viewer");
    expectProblem(await api("/api/v1/projects", { token: body.key, json: { name: "nope" } }), 403, "forbidden");
    expectProblem(await createKey(body.key, owner.workspaceId), 403, "forbidden");
    expect((await api("/api/v1/projects", { token: body.key })).status).toBe(200);
  });

  it("revoking another workspace's key answers 404 and leaves it working", async () => {
    const a = await registerUser("revoke-a");
    const b = await registerUser("revoke-b");
    const { body } = await createKey(b.accessToken, b.workspaceId);
    expectProblem(
      await api(`/api/v1/workspaces/${a.workspaceId}/api-keys/${body.id}`, { method: "DELETE", token: a.accessToken }),
      404,
    );
    expect((await api(`/api/v1/workspaces/${b.workspaceId}`, { token: body.key })).status).toBe(200);
  });

  it("rejects a malformed or made-up key", async () => {
    expectProblem(await api("/api/v1/projects", { token: `zk_AAAAAAAA_${"a".repeat(43)}` }), 401, "invalid_api_key");
    expectProblem(await api("/api/v1/projects", { token: "zk_short" }), 401, "invalid_api_key");
  });
});
