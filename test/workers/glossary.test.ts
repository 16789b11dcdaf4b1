/** The workspace glossary: its API, who may change it, its audit entries, and diagrams spelling its terms. */
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./helpers";
import { addMember, createTeam } from "./rbac-fixtures";

const glossary = (workspaceId: string, rest = "") => `/api/v1/workspaces/${workspaceId}/glossary${rest}`;

describe("glossary", () => {
  it("adds, lists, changes and removes terms, each change on the audit log", async () => {
    const team = await createTeam("glossary-crud");
    const token = team.owner.accessToken;
    const created = await api(glossary(team.id), {
      token,
      json: { term: "  Zukai ", spokenForms: ["zoo kai", "ずかい", "Zoo  kai", "zukai"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ term: "Zukai", spokenForms: ["zoo kai", "ずかい"] });
    expect(created.headers.get("Location")).toBe(glossary(team.id, `/${created.body.id}`));
    expectProblem(await api(glossary(team.id), { token, json: { term: "ZUKAI" } }), 409, "glossary_term_exists");
    expectProblem(await api(glossary(team.id), { token, json: { term: "" } }), 422);
    expectProblem(await api(glossary(team.id), { token, json: { term: "x", extra: 1 } }), 422);

    const changed = await api(glossary(team.id, `/${created.body.id}`), {
      token,
      method: "PATCH",
      json: { spokenForms: ["the guy"] },
    });
    expect(changed.body).toMatchObject({ term: "Zukai", spokenForms: ["the guy"] });
    expect((await api(glossary(team.id), { token })).body.items.map((t: any) => t.spokenForms)).toEqual([["the guy"]]);
    expect((await api(glossary(team.id, `/${created.body.id}`), { token, method: "DELETE" })).status).toBe(204);
    expectProblem(await api(glossary(team.id, `/${created.body.id}`), { token, method: "DELETE" }), 404);
    expect((await api(glossary(team.id), { token })).body.items).toEqual([]);

    const log = await api(`/api/v1/workspaces/${team.id}/audit-log?action=glossary.*`, { token });
    expect(log.body.items.map((e: any) => e.action)).toEqual([
      "glossary.term_deleted",
      "glossary.term_updated",
      "glossary.term_created",
    ]);
    expect(log.body.items[1].before.spokenForms).toEqual(["zoo kai", "ずかい"]);
  });

  it("is read by every member, changed only by owners and admins, and foreign to other workspaces", async () => {
    const team = await createTeam("glossary-roles");
    const other = await createTeam("glossary-other");
    const editor = await addMember(team, "editor");
    const admin = await addMember(team, "admin");
    const term = await api(glossary(team.id), { token: admin.accessToken, json: { term: "Kubernetes" } });
    expect(term.status).toBe(201);
    expect((await api(glossary(team.id), { token: editor.accessToken })).body.items).toHaveLength(1);
    expectProblem(await api(glossary(team.id), { token: editor.accessToken, json: { term: "Go" } }), 403);
    // Another workspace's term id and workspace answer 404.
    expectProblem(
      await api(glossary(other.id, `/${term.body.id}`), { token: other.owner.accessToken, method: "DELETE" }),
      404,
    );
    expectProblem(await api(glossary(team.id), { token: other.owner.accessToken }), 404);
  });

  it("makes diagram labels spell its terms exactly", async () => {
    const team = await createTeam("glossary-diagram");
    const token = team.owner.accessToken;
    await api(glossary(team.id), { token, json: { term: "Cloudflare Workers" } });
    await api(glossary(team.id), { token, json: { term: "Zukai" } });
    const res = await api("/api/v1/generate-diagram", {
      token,
      headers: { "Zukai-Workspace": team.id },
      json: {
        text: "First we upload the recording to zukai. Then ZUKAI transcribes it on cloudflare workers. Finally it draws the diagram.",
        type: "flow",
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const data = res.body.data;
    const labels = [data.title, ...data.nodes.map((n: any) => n.label)].join(" | ");
    expect(labels).not.toMatch(/zukai|ZUKAI|cloudflare workers/);
    expect(labels).toMatch(/Zukai/);
  });
});
