import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./helpers";
import { addMember, createKey, createRole, createTeam } from "./rbac-fixtures";

const log = (workspaceId: string, query = "") => `/api/v1/workspaces/${workspaceId}/audit-log${query}`;

describe("audit log", () => {
  it("records changes with actor, target, before/after, IP, user agent and request id, newest first", async () => {
    const team = await createTeam("audit-basic");
    const token = team.owner.accessToken;
    const headers = { "CF-Connecting-IP": "203.0.113.7", "User-Agent": "audit-test/1.0" };
    const key = await api(`/api/v1/workspaces/${team.id}/api-keys`, {
      token,
      json: { name: "ci", role: "viewer" },
      headers,
    });
    expect(key.status).toBe(201);
    const revoked = await api(`/api/v1/workspaces/${team.id}/api-keys/${key.body.id}`, { method: "DELETE", token });
    expect(revoked.status).toBe(204);

    const res = await api(log(team.id), { token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => [e.seq, e.action])).toEqual([
      [3, "api_key.revoke"],
      [2, "api_key.create"],
      [1, "workspace.create"],
    ]);
    const created = res.body.items[1];
    expect(created).toMatchObject({
      actor: { type: "user", id: team.owner.userId },
      target: { type: "api_key", id: key.body.id },
      after: { name: "ci", role: "viewer", revokedAt: null },
      before: null,
      ip: "203.0.113.7",
      userAgent: "audit-test/1.0",
      requestId: key.headers.get("X-Request-Id") ?? expect.any(String),
    });
    expect(JSON.stringify(created)).not.toContain(key.body.key);
    expect(created.prevHash).toBe(res.body.items[2].hash);
    expect(res.body.items[0].prevHash).toBe(created.hash);
    expect(res.body.items[2].prevHash).toBe("0".repeat(64));

    const verified = await api(log(team.id, "/verify"), { token });
    expect(verified.body).toEqual({ ok: true, entries: 3, lastSeq: 3, lastHash: res.body.items[0].hash });
  });

  it("keeps concurrent appends in one gap-free chain", async () => {
    const team = await createTeam("audit-concurrent");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api(`/api/v1/workspaces/${team.id}/roles`, {
          token: team.owner.accessToken,
          json: { name: `r${i}`, permissions: ["jobs:read"] },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const verified = await api(log(team.id, "/verify"), { token: team.owner.accessToken });
    expect(verified.body).toMatchObject({ ok: true, entries: 13, lastSeq: 13 });
  });

  it("verify points at exactly the entry that was altered in storage", async () => {
    const team = await createTeam("audit-tamper");
    const token = team.owner.accessToken;
    for (const name of ["a", "b", "c", "d"]) await createRole(team, name, ["projects:read"]);
    expect((await api(log(team.id, "/verify"), { token })).body.ok).toBe(true);

    const victim = await env.DB.prepare("SELECT id FROM audit_log WHERE workspace_id = ? AND seq = 3")
      .bind(team.id)
      .first<{ id: string }>();
    await env.DB.prepare("UPDATE audit_log SET after_json = ? WHERE id = ?")
      .bind('{"name":"innocent"}', victim!.id)
      .run();
    const broken = await api(log(team.id, "/verify"), { token });
    expect(broken.body).toEqual({
      ok: false,
      entries: 2,
      firstBroken: { seq: 3, id: victim!.id, reason: "hash_mismatch" },
    });
  });

  it("verify notices a removed entry, in the middle or at the end of the chain", async () => {
    const team = await createTeam("audit-delete");
    const token = team.owner.accessToken;
    for (const name of ["a", "b", "c"]) await createRole(team, name, ["projects:read"]);
    // seq 1..4; cutting the last one leaves a chain that is consistent by itself: the hub's tail shows it.
    await env.DB.prepare("DELETE FROM audit_log WHERE workspace_id = ? AND seq = 4").bind(team.id).run();
    expect((await api(log(team.id, "/verify"), { token })).body).toEqual({
      ok: false,
      entries: 3,
      firstBroken: { seq: 4, id: null, reason: "tail_missing" },
    });
    await env.DB.prepare("DELETE FROM audit_log WHERE workspace_id = ? AND seq = 2").bind(team.id).run();
    expect((await api(log(team.id, "/verify"), { token })).body).toEqual({
      ok: false,
      entries: 1,
      firstBroken: { seq: 2, id: null, reason: "seq_gap" },
    });
  });

  it("a hub that lost its tail continues the chain from D1", async () => {
    const team = await createTeam("audit-recover");
    await createRole(team, "before", ["jobs:read"]);
    const hub = env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(team.id));
    await runInDurableObject(hub, async (_instance, state) => {
      expect(state.storage.kv.get("audit:tail")).toMatchObject({ seq: 2 });
      state.storage.kv.delete("audit:tail");
    });
    await createRole(team, "after", ["jobs:read"]);
    const verified = await api(log(team.id, "/verify"), { token: team.owner.accessToken });
    expect(verified.body).toMatchObject({ ok: true, entries: 3, lastSeq: 3 });
  });

  it("filters by actor, action (exact or prefix), target and time range", async () => {
    const team = await createTeam("audit-filter");
    const token = team.owner.accessToken;
    const manager = await createKey(team, "admin"); // seq 2
    const viewerKey = await createKey(team, "viewer"); // seq 3
    // The admin key revokes the viewer key: the actor is the key, not a user.
    expect(
      (await api(`/api/v1/workspaces/${team.id}/api-keys/${viewerKey.id}`, { method: "DELETE", token: manager.key }))
        .status,
    ).toBe(204);
    const roleId = await createRole(team, "auditors", ["audit:read"]);

    const byKey = await api(log(team.id, `?actor=${manager.id}`), { token });
    expect(byKey.body.items.map((e: any) => [e.action, e.actor])).toEqual([
      ["api_key.revoke", { type: "api_key", id: manager.id }],
    ]);
    const creates = await api(log(team.id, "?action=api_key.create"), { token });
    expect(creates.body.items.map((e: any) => e.target.id)).toEqual([viewerKey.id, manager.id]);
    const apiKeyEvents = await api(log(team.id, "?action=api_key.*"), { token });
    expect(apiKeyEvents.body.items.map((e: any) => e.action)).toEqual([
      "api_key.revoke",
      "api_key.create",
      "api_key.create",
    ]);
    const onRole = await api(log(team.id, `?target=${roleId}`), { token });
    expect(onRole.body.items.map((e: any) => e.action)).toEqual(["role.create"]);
    const byType = await api(log(team.id, "?targetType=workspace"), { token });
    expect(byType.body.items.map((e: any) => e.action)).toEqual(["workspace.create"]);

    const all = (await api(log(team.id), { token })).body.items;
    const third = all.find((e: any) => e.seq === 3);
    const window = await api(
      log(
        team.id,
        `?from=${encodeURIComponent(third.at)}&to=${encodeURIComponent(new Date(Date.parse(all[0].at) + 1).toISOString())}`,
      ),
      { token },
    );
    expect(window.body.items.every((e: any) => e.at >= third.at)).toBe(true);
    expect(window.body.items.map((e: any) => e.seq)).toContain(3);
    expect(window.body.items.map((e: any) => e.seq)).not.toContain(1);
    const future = await api(
      log(team.id, `?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`),
      { token },
    );
    expect(future.body.items).toEqual([]);

    expectProblem(await api(log(team.id, "?action=DROP TABLE"), { token }), 422, "validation_failed");
    expectProblem(await api(log(team.id, "?from=yesterday"), { token }), 422, "validation_failed");
  });

  it("pages with an opaque cursor and exports NDJSON oldest first", async () => {
    const team = await createTeam("audit-pages");
    const token = team.owner.accessToken;
    for (const name of ["a", "b", "c", "d"]) await createRole(team, name, ["jobs:read"]);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(log(team.id, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`), { token });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((e: any) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expectProblem(await api(log(team.id, "?cursor=bm9wZQ"), { token }), 400, "invalid_cursor");

    const exported = await api(log(team.id, "/export"), { token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const lines = String(exported.body)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const listed = (await api(log(team.id), { token })).body.items;
    expect(lines).toEqual([...listed].reverse());
    const filtered = await api(log(team.id, "/export?action=role.create"), { token });
    expect(String(filtered.body).trim().split("\n")).toHaveLength(4);
  });

  it("is readable only with audit:read, and nothing in the API changes an entry", async () => {
    const team = await createTeam("audit-access");
    const admin = await addMember(team, "admin");
    const editor = await addMember(team, "editor");
    const outsider = (await createTeam("audit-outsider")).owner;
    expect((await api(log(team.id), { token: admin.accessToken })).status).toBe(200);
    for (const path of ["", "/export", "/verify"]) {
      expectProblem(await api(log(team.id, path), { token: editor.accessToken }), 403, "forbidden");
      expectProblem(await api(log(team.id, path), { token: outsider.accessToken }), 404, "not_found");
      expectProblem(await api(log(team.id, path)), 401);
    }
    const doc = (await api("/api/v1/openapi.json")).body;
    const auditPaths = Object.entries(doc.paths).filter(([path]) => path.includes("audit-log"));
    expect(auditPaths.length).toBe(3);
    for (const [, operations] of auditPaths) expect(Object.keys(operations as object)).toEqual(["get"]);
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      expect((await api(log(team.id), { method, token: team.owner.accessToken })).status).toBe(404);
    }
  });
});
