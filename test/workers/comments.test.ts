/** Comments on projects and diagrams: a viewer's right; authors delete their own; tenants stay apart. */
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "./helpers";
import { addMember, createTeam } from "./team-helpers";

const TEXT = "First we plan the talk. Then we record it. Finally we draw the diagram.";

describe("comments", () => {
  it("lets a viewer comment on a project and a diagram, oldest first, a page at a time", async () => {
    const owner = await registerUser("cmt-owner");
    const team = await createTeam(owner);
    const viewer = await addMember(owner, team, "viewer", "cmt-viewer");
    const headers = { "Zukai-Workspace": team };
    const project = (await api("/api/v1/projects", { token: owner.accessToken, headers, json: { name: "Talk" } })).body;
    const diagram = (
      await api("/api/v1/generate-diagram", {
        token: owner.accessToken,
        headers,
        json: { text: TEXT, projectId: project.id },
      })
    ).body;

    for (const body of ["first", "second", "third"]) {
      const res = await api(`/api/v1/projects/${project.id}/comments`, {
        token: viewer.accessToken,
        headers,
        json: { body },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        body,
        authorId: viewer.userId,
        subject: { type: "project", id: project.id },
        createdAt: expect.any(String),
      });
    }
    const first = await api(`/api/v1/projects/${project.id}/comments?limit=2`, { token: viewer.accessToken, headers });
    expect(first.body.items.map((c: any) => c.body)).toEqual(["first", "second"]);
    const rest = await api(`/api/v1/projects/${project.id}/comments?limit=2&cursor=${first.body.nextCursor}`, {
      token: viewer.accessToken,
      headers,
    });
    expect(rest.body.items.map((c: any) => c.body)).toEqual(["third"]);
    expect(rest.body.nextCursor).toBeNull();

    const onDiagram = await api(`/api/v1/diagrams/${diagram.id}/comments`, {
      token: owner.accessToken,
      headers,
      json: { body: "図解 looks right" },
    });
    expect(onDiagram.status).toBe(201);
    const listed = await api(`/api/v1/diagrams/${diagram.id}/comments`, { token: viewer.accessToken, headers });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        body: "図解 looks right",
        authorId: owner.userId,
        subject: { type: "diagram", id: diagram.id },
      }),
    ]);
  });

  it("refuses empty, oversized and smuggled bodies, and unknown subjects", async () => {
    const user = await registerUser("cmt-bad");
    const project = (await api("/api/v1/projects", { token: user.accessToken, json: { name: "P" } })).body;
    const path = `/api/v1/projects/${project.id}/comments`;
    expectProblem(await api(path, { token: user.accessToken, json: { body: "   " } }), 422, "validation_failed");
    expectProblem(
      await api(path, { token: user.accessToken, json: { body: "x".repeat(4001) } }),
      422,
      "validation_failed",
    );
    expect((await api(path, { token: user.accessToken, json: { body: "x".repeat(4000) } })).status).toBe(201);
    expectProblem(
      await api(path, { token: user.accessToken, json: { body: "hi", authorId: "usr_00000000000000000000000000" } }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api("/api/v1/projects/prj_00000000000000000000000000/comments", {
        token: user.accessToken,
        json: { body: "hi" },
      }),
      404,
    );
    expectProblem(
      await api("/api/v1/diagrams/dgm_00000000000000000000000000/comments", { token: user.accessToken }),
      404,
    );
    expectProblem(await api("/api/v1/projects/not-an-id/comments", { token: user.accessToken }), 422);
  });

  it("only the author deletes a comment; another workspace sees nothing", async () => {
    const owner = await registerUser("cmt-del-owner");
    const team = await createTeam(owner);
    const editor = await addMember(owner, team, "editor", "cmt-del-editor");
    const headers = { "Zukai-Workspace": team };
    const project = (await api("/api/v1/projects", { token: owner.accessToken, headers, json: { name: "P" } })).body;
    const comment = (
      await api(`/api/v1/projects/${project.id}/comments`, {
        token: editor.accessToken,
        headers,
        json: { body: "mine" },
      })
    ).body;

    expectProblem(
      await api(`/api/v1/comments/${comment.id}`, { method: "DELETE", token: owner.accessToken, headers }),
      403,
      "not_comment_author",
    );
    const stranger = await registerUser("cmt-stranger");
    expectProblem(await api(`/api/v1/projects/${project.id}/comments`, { token: stranger.accessToken }), 404);
    expectProblem(
      await api(`/api/v1/projects/${project.id}/comments`, { token: stranger.accessToken, json: { body: "spam" } }),
      404,
    );
    expectProblem(await api(`/api/v1/comments/${comment.id}`, { method: "DELETE", token: stranger.accessToken }), 404);

    expect(
      (await api(`/api/v1/comments/${comment.id}`, { method: "DELETE", token: editor.accessToken, headers })).status,
    ).toBe(204);
    expect(
      (await api(`/api/v1/projects/${project.id}/comments`, { token: owner.accessToken, headers })).body.items,
    ).toEqual([]);
    expectProblem(
      await api(`/api/v1/comments/${comment.id}`, { method: "DELETE", token: editor.accessToken, headers }),
      404,
    );
  });
});
