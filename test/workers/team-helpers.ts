/** Building teams through the public API: a workspace, invitations, members with given roles. */
import { expect } from "vitest";
import { api, registerUser, type TestUser } from "./helpers";

/** Creates a team workspace owned by `owner`; returns its id. */
export async function createTeam(owner: TestUser, name = "Team"): Promise<string> {
  const res = await api("/api/v1/workspaces", { token: owner.accessToken, json: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** The token inside an invitation link (`…/invitations/accept#token=…`). */
export function tokenOf(acceptUrl: string): string {
  const token = new URL(acceptUrl).hash.replace(/^#token=/, "");
  expect(token.length).toBeGreaterThan(20);
  return token;
}

/** Invites `email` with `role`; returns the invitation and its token (read from the local outbox link). */
export async function invite(
  inviterToken: string,
  workspaceId: string,
  email: string,
  role = "viewer",
): Promise<{ invitation: any; token: string }> {
  const res = await api(`/api/v1/workspaces/${workspaceId}/invitations`, {
    token: inviterToken,
    json: { email, role },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { invitation: res.body, token: tokenOf(res.body.acceptUrl) };
}

/** Registers a user and brings them into the workspace with `role` through an accepted invitation. */
export async function addMember(owner: TestUser, workspaceId: string, role: string, label = role): Promise<TestUser> {
  const user = await registerUser(label);
  const { token } = await invite(owner.accessToken, workspaceId, user.email, role);
  const accepted = await api("/api/v1/invitations/accept", { token: user.accessToken, json: { token } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return user;
}
