/**
 * Fixtures for the RBAC and audit tests: a team workspace with one member per role. Members are
 * added by writing the membership row directly, because this is what an accepted invitation
 * leaves behind and these tests are about what a role may do, not how one joins.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { api, registerUser, type TestUser } from "./helpers";

export interface Team {
  id: string;
  owner: TestUser;
}

/** A fresh team workspace owned by a fresh user. */
export async function createTeam(label = "team"): Promise<Team> {
  const owner = await registerUser(`${label}-owner`);
  const res = await api("/api/v1/workspaces", { token: owner.accessToken, json: { name: `${label} workspace` } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, owner };
}

/** A fresh user who is a member of the team with `role` (a built-in name or a custom role id). */
export async function addMember(team: Team, role: string, label = role): Promise<TestUser> {
  const user = await registerUser(`${label.replace(/[^a-z]/g, "")}-member`);
  await env.DB.prepare("INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)")
    .bind(team.id, user.userId, role, new Date().toISOString())
    .run();
  return user;
}

/** A new API key of the team with `role`, created by the owner. */
export async function createKey(team: Team, role: string): Promise<{ id: string; key: string }> {
  const res = await api(`/api/v1/workspaces/${team.id}/api-keys`, {
    token: team.owner.accessToken,
    json: { name: `key ${role}`, role },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

/** A custom role of the team, created by the owner. */
export async function createRole(team: Team, name: string, permissions: string[]): Promise<string> {
  const res = await api(`/api/v1/workspaces/${team.id}/roles`, {
    token: team.owner.accessToken,
    json: { name, permissions },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}
