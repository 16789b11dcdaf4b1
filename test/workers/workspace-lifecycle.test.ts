/** A workspace's life after creation: rename and settings, deletion with a grace period, restore, purge; projects CRUD. */
import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { api, expectProblem, registerUser, type TestUser } from "./helpers";
import { addMember, createTeam } from "./team-helpers";

const TEXT =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure. Finally we draw the diagram.";

/** Runs the Worker's cron handler, as the 15-minute trigger does. */
async function runCron(): Promise<void> {
  await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env);
}

async function objectsUnder(prefix: string): Promise<string[]> {
  return (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);
}

/** A project with one finished diagram job in it (drawn synchronously from short text). */
async function projectWithDiagram(user: TestUser, workspaceId: string) {
  const headers = { "Zukai-Workspace": workspaceId };
  const project = await api("/api/v1/projects", { token: user.accessToken, headers, json: { name: "Launch" } });
  expect(project.status).toBe(201);
  const diagram = await api("/api/v1/generate-diagram", {
    token: user.accessToken,
    headers,
    json: { text: TEXT, projectId: project.body.id },
  });
  expect(diagram.status, JSON.stringify(diagram.body)).toBe(201);
  return { project: project.body, diagram: diagram.body };
}

describe("renaming and settings", () => {
  it("renames and merges settings; null clears one; bad values are refused", async () => {
    const owner = await registerUser("settings-owner");
    const team = await createTeam(owner, "Old name");
    const path = `/api/v1/workspaces/${team}`;
    const renamed = await api(path, {
      method: "PATCH",
      token: owner.accessToken,
      json: { name: "New name", settings: { defaultLanguage: "ja", defaultTheme: "dark" } },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({
      name: "New name",
      settings: { defaultLanguage: "ja", defaultTheme: "dark" },
      deletesAt: null,
    });

    const merged = await api(path, {
      method: "PATCH",
      token: owner.accessToken,
      json: { settings: { defaultDiagramType: "timeline", defaultTheme: null } },
    });
    expect(merged.body.settings).toEqual({ defaultLanguage: "ja", defaultDiagramType: "timeline" });
    expect((await api(path, { token: owner.accessToken })).body).toMatchObject({
      name: "New name",
      settings: { defaultLanguage: "ja", defaultDiagramType: "timeline" },
    });

    for (const json of [
      {},
      { settings: { defaultTheme: "neon" } },
      { settings: { colour: "red" } },
      { settings: { defaultDiagramType: "pie" } },
      { name: "" },
      { plan: "enterprise" },
    ]) {
      expectProblem(await api(path, { method: "PATCH", token: owner.accessToken, json }), 422, "validation_failed");
    }
    const admin = await addMember(owner, team, "admin");
    expectProblem(
      await api(path, { method: "PATCH", token: admin.accessToken, json: { name: "Mine now" } }),
      403,
      "forbidden",
    );
    expect((await api(path, { token: owner.accessToken })).body.name).toBe("New name");
  });
});

describe("deletion", () => {
  it("needs the owner, the exact name, and never touches a personal workspace", async () => {
    const owner = await registerUser("del-rules");
    const team = await createTeam(owner, "Keep me");
    const admin = await addMember(owner, team, "admin");
    const del = (id: string, token: string, confirm: string) =>
      api(`/api/v1/workspaces/${id}`, { method: "DELETE", token, json: { confirm } });
    expectProblem(await del(team, admin.accessToken, "Keep me"), 403, "forbidden");
    expectProblem(await del(team, owner.accessToken, "keep me"), 400, "confirmation_mismatch");
    const personalName = (await api(`/api/v1/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).body.name;
    expectProblem(await del(owner.workspaceId, owner.accessToken, personalName), 409, "personal_workspace");
    expectProblem(await api(`/api/v1/workspaces/${team}`, { method: "DELETE", token: owner.accessToken }), 415);
    expect((await api(`/api/v1/workspaces/${team}`, { token: owner.accessToken })).body.deletesAt).toBeNull();
  });

  it("schedules with a 7-day grace period and an export link, and can be restored until then", async () => {
    const owner = await registerUser("del-grace");
    const team = await createTeam(owner, "Short lived");
    const scheduled = await api(`/api/v1/workspaces/${team}`, {
      method: "DELETE",
      token: owner.accessToken,
      json: { confirm: "Short lived" },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(202);
    const { workspace, exportFirst } = scheduled.body;
    expect(Date.parse(workspace.deletesAt) - Date.parse(workspace.deletionScheduledAt)).toBe(7 * 24 * 3600 * 1000);
    expect(exportFirst).toMatchObject({ method: "POST", href: `/api/v1/workspaces/${team}/exports` });
    // Still usable during the grace period (so its data can be exported), and it says when it goes.
    const shown = await api(`/api/v1/workspaces/${team}`, { token: owner.accessToken });
    expect(shown.body.deletesAt).toBe(workspace.deletesAt);
    expectProblem(
      await api(`/api/v1/workspaces/${team}`, {
        method: "DELETE",
        token: owner.accessToken,
        json: { confirm: "Short lived" },
      }),
      409,
      "deletion_already_scheduled",
    );

    const restored = await api(`/api/v1/workspaces/${team}/restore`, { method: "POST", token: owner.accessToken });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ deletesAt: null, deletionScheduledAt: null });
    expectProblem(
      await api(`/api/v1/workspaces/${team}/restore`, { method: "POST", token: owner.accessToken }),
      409,
      "deletion_not_scheduled",
    );
  });

  it("is purged by the cron once the grace period is over: rows and files gone, other workspaces untouched", async () => {
    const owner = await registerUser("del-purge");
    const doomed = await createTeam(owner, "Doomed");
    const kept = await createTeam(owner, "Kept");
    const member = await addMember(owner, doomed, "editor", "del-purge-member");
    const inDoomed = await projectWithDiagram(owner, doomed);
    const inKept = await projectWithDiagram(owner, kept);
    expect(await objectsUnder(`ws/${doomed}/`)).not.toEqual([]);
    const keptObjects = await objectsUnder(`ws/${kept}/`);
    expect(keptObjects).not.toEqual([]);

    expect(
      (
        await api(`/api/v1/workspaces/${doomed}`, {
          method: "DELETE",
          token: owner.accessToken,
          json: { confirm: "Doomed" },
        })
      ).status,
    ).toBe(202);
    // Not due yet: the cron leaves it alone.
    await runCron();
    expect((await api(`/api/v1/workspaces/${doomed}`, { token: owner.accessToken })).status).toBe(200);

    // Simulate the end of the grace period.
    await env.DB.prepare("UPDATE workspaces SET deletes_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), doomed)
      .run();
    expectProblem(
      await api(`/api/v1/workspaces/${doomed}/restore`, { method: "POST", token: owner.accessToken }),
      410,
      "grace_period_over",
    );
    await runCron();

    expectProblem(await api(`/api/v1/workspaces/${doomed}`, { token: owner.accessToken }), 404);
    expect(await objectsUnder(`ws/${doomed}/`)).toEqual([]);
    for (const table of ["workspaces", "memberships", "projects", "jobs", "diagrams", "invitations"]) {
      const column = table === "workspaces" ? "id" : "workspace_id";
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`)
        .bind(doomed)
        .first<{ n: number }>();
      expect(row!.n, table).toBe(0);
    }
    expectProblem(await api(`/api/v1/projects/${inDoomed.project.id}`, { token: owner.accessToken }), 404);
    // The other workspace and its files are intact.
    expect(await objectsUnder(`ws/${kept}/`)).toEqual(keptObjects);
    expect(
      (
        await api(`/api/v1/projects/${inKept.project.id}`, {
          token: owner.accessToken,
          headers: { "Zukai-Workspace": kept },
        })
      ).status,
    ).toBe(200);
    expect((await api(`/api/v1/workspaces/${member.workspaceId}`, { token: member.accessToken })).status).toBe(200);
  });
});

describe("projects", () => {
  it("renames and re-describes a project; editors may, viewers may not", async () => {
    const owner = await registerUser("prj-owner");
    const team = await createTeam(owner);
    const viewer = await addMember(owner, team, "viewer");
    const editor = await addMember(owner, team, "editor");
    const headers = { "Zukai-Workspace": team };
    const project = (await api("/api/v1/projects", { token: owner.accessToken, headers, json: { name: "Draft" } }))
      .body;
    const path = `/api/v1/projects/${project.id}`;
    const updated = await api(path, {
      method: "PATCH",
      token: editor.accessToken,
      headers,
      json: { name: "Final", description: "Ready" },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ id: project.id, name: "Final", description: "Ready" });
    expectProblem(
      await api(path, { method: "PATCH", token: viewer.accessToken, headers, json: { name: "Mine" } }),
      403,
      "forbidden",
    );
    expectProblem(await api(path, { method: "PATCH", token: editor.accessToken, headers, json: {} }), 422);
    expectProblem(
      await api(path, {
        method: "PATCH",
        token: editor.accessToken,
        headers,
        json: { workspaceId: owner.workspaceId },
      }),
      422,
    );
    expectProblem(await api(path, { method: "PATCH", token: owner.accessToken, json: { name: "elsewhere" } }), 404);
  });

  it("deletes an empty project; one with jobs only with ?force=true, and then its jobs, diagrams, comments and files", async () => {
    const owner = await registerUser("prjdel-owner");
    const team = await createTeam(owner);
    const editor = await addMember(owner, team, "editor");
    const headers = { "Zukai-Workspace": team };
    const empty = (await api("/api/v1/projects", { token: owner.accessToken, headers, json: { name: "Empty" } })).body;
    expectProblem(
      await api(`/api/v1/projects/${empty.id}`, { method: "DELETE", token: editor.accessToken, headers }),
      403,
      "forbidden",
    );
    expect(
      (await api(`/api/v1/projects/${empty.id}`, { method: "DELETE", token: owner.accessToken, headers })).status,
    ).toBe(204);
    expectProblem(await api(`/api/v1/projects/${empty.id}`, { token: owner.accessToken, headers }), 404);

    const { project, diagram } = await projectWithDiagram(owner, team);
    const other = await projectWithDiagram(owner, team);
    expect(
      (
        await api(`/api/v1/diagrams/${diagram.id}/comments`, {
          token: editor.accessToken,
          headers,
          json: { body: "Nice" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(`/api/v1/projects/${project.id}/comments`, {
          token: editor.accessToken,
          headers,
          json: { body: "Ship it" },
        })
      ).status,
    ).toBe(201);
    expect(await objectsUnder(`ws/${team}/diagrams/${diagram.id}/`)).not.toEqual([]);

    expectProblem(
      await api(`/api/v1/projects/${project.id}`, { method: "DELETE", token: owner.accessToken, headers }),
      409,
      "project_not_empty",
    );
    expectProblem(
      await api(`/api/v1/projects/${project.id}?force=yes`, { method: "DELETE", token: owner.accessToken, headers }),
      422,
    );
    expect(
      (await api(`/api/v1/projects/${project.id}?force=true`, { method: "DELETE", token: owner.accessToken, headers }))
        .status,
    ).toBe(204);

    expectProblem(await api(`/api/v1/projects/${project.id}`, { token: owner.accessToken, headers }), 404);
    expectProblem(await api(`/api/v1/diagrams/${diagram.id}`, { token: owner.accessToken, headers }), 404);
    expectProblem(await api(`/api/v1/jobs/${diagram.jobId}`, { token: owner.accessToken, headers }), 404);
    expect(await objectsUnder(`ws/${team}/diagrams/${diagram.id}/`)).toEqual([]);
    expect(await objectsUnder(`ws/${team}/jobs/${diagram.jobId}/`)).toEqual([]);
    const comments = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE workspace_id = ?")
      .bind(team)
      .first<{ n: number }>();
    expect(comments!.n).toBe(0);
    // The neighbour project keeps everything.
    expect((await api(`/api/v1/diagrams/${other.diagram.id}`, { token: owner.accessToken, headers })).status).toBe(200);
    expect(await objectsUnder(`ws/${team}/diagrams/${other.diagram.id}/`)).not.toEqual([]);
  });
});
