/**
 * API3 property-level authorisation. Mass assignment: every JSON write route of the OpenAPI
 * document gets a valid body plus fields a caller must not set (role, workspaceId, plan, ownerId…);
 * afterwards nothing outside the caller's rights changed. Excessive exposure: every GET route is
 * crawled over a workspace holding one object of each kind, and every answer is scanned for
 * credential fields and for the real secrets and hashes read from D1 (surface.ts `inspect`).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import "../provided-context";
import { registerUser, type TestUser } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import { addMember, createKey, createRole, createTeam, type Team } from "../rbac-fixtures";
import { tokenOf } from "../team-helpers";
import { sec } from "./owasp";
import { deref, idKind, type Operation, operations, probe, rememberSecret, sample, WRITE_METHODS } from "./surface";

let team: Team;
let victim: Team;
let editor: TestUser;
let ops: Operation[];
const objects = new Map<string, string>();
/** A Slack-style webhook URL whose path is the credential; served by the local "internet" host. */
const SLACK_URL = `${inject("remoteOrigin")}/webhook/s3cr3tslackpathtoken`;

beforeAll(async () => {
  [team, victim] = await Promise.all([createTeam("api3"), createTeam("api3-victim")]);
  await putEnterpriseTerms(team.id, {});
  editor = await addMember(team, "editor", "api3editor");
  ops = await operations();
  const as = (path: string, json?: unknown, method?: string) =>
    probe(path, { token: team.owner.accessToken, headers: { "Zukai-Workspace": team.id }, json, method });
  objects.set("ws", team.id);
  objects.set("prj", (await as("/api/v1/projects", { name: "api3 project" })).body.id);
  objects.set("dsh", (await as(`/api/v1/workspaces/${team.id}/dashboards`, { name: "api3 dashboard" })).body.id);
  objects.set("rol", await createRole(team, "api3-role", ["jobs:read"]));
  objects.set("usr", editor.userId);
  const key = await createKey(team, "viewer");
  objects.set("key", key.id);
  // Secrets revealed once: allowed only in the answer that revealed them.
  rememberSecret(key.key, /\/api-keys$/);
  const invitation = await as(`/api/v1/workspaces/${team.id}/invitations`, {
    email: "api3-invitee@example.test",
    role: "viewer",
  });
  objects.set("inv", invitation.body.id);
  rememberSecret(tokenOf(invitation.body.acceptUrl), /\/invitations/);
  const slack = await as(`/api/v1/workspaces/${team.id}/alert-channels`, {
    kind: "slack",
    name: "api3 slack",
    url: SLACK_URL,
  });
  expect(slack.status, JSON.stringify(slack.body)).toBe(201);
  objects.set("ach", slack.body.id);
  const webhookSecret = await as(`/api/v1/workspaces/${team.id}/webhook-secret`);
  rememberSecret(webhookSecret.body?.secret, /\/webhook-secret$/);
  // What D1 keeps for these users and keys: none of it may ever be shown.
  for (const sql of [
    "SELECT secret AS v FROM credentials WHERE user_id IN (?, ?)",
    "SELECT token_hash AS v FROM refresh_tokens WHERE user_id IN (?, ?)",
  ]) {
    const { results } = await env.DB.prepare(sql).bind(team.owner.userId, editor.userId).all<{ v: string }>();
    for (const row of results) rememberSecret(row.v);
  }
  for (const sql of [
    "SELECT key_hash AS v FROM api_keys WHERE workspace_id = ?",
    "SELECT token_hash AS v FROM invitations WHERE workspace_id = ?",
  ]) {
    const { results } = await env.DB.prepare(sql).bind(team.id).all<{ v: string }>();
    for (const row of results) rememberSecret(row.v);
  }
}, 120_000);

/** Fields no write body may set, with values that would be an escalation if they were applied. */
function injected(): Record<string, unknown> {
  return {
    role: "owner",
    workspaceId: victim.id,
    workspace_id: victim.id,
    plan: "enterprise",
    ownerId: victim.owner.userId,
    userId: victim.owner.userId,
    createdBy: victim.owner.userId,
    permissions: ["members:manage", "billing:manage"],
    isAdmin: true,
    kind: "personal",
    id: "prj_00000000000000000000000000",
    createdAt: "2000-01-01T00:00:00.000Z",
  };
}

/** The body as JSON text with a literal `__proto__` key too (an object literal cannot carry one). */
function withProtoKey(body: object): string {
  const text = JSON.stringify(body);
  return text === "{}" ? '{"__proto__":{"isAdmin":true}}' : text.replace(/^\{/, '{"__proto__":{"isAdmin":true},');
}

function fillPath(op: Operation): string | undefined {
  let path = op.path;
  for (const param of op.pathParams) {
    const kind = param.name === "roleId" ? "rol" : idKind(param.pattern);
    const value = kind ? objects.get(kind) : undefined;
    if (!value) return undefined;
    path = path.replace(`{${param.name}}`, value);
  }
  return path;
}

async function tenantRowCounts(workspaceId: string): Promise<Record<string, number>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const results: { t: string }[] = [];
  for (const { name } of tables) {
    const { results: columns } = await env.DB.prepare("SELECT name FROM pragma_table_info(?)")
      .bind(name)
      .all<{ name: string }>();
    if (columns.some((c) => c.name === "workspace_id")) results.push({ t: name });
  }
  const counts: Record<string, number> = {};
  for (const { t } of results)
    counts[t] = (await env.DB.prepare(`SELECT count(*) AS n FROM "${t}" WHERE workspace_id = ?`)
      .bind(workspaceId)
      .first<{ n: number }>())!.n;
  return counts;
}

describe("API3 mass assignment", () => {
  it(
    sec("API3", "privileged fields added to every JSON write body are refused or ignored, as owner and as editor"),
    async () => {
      const victimBefore = await tenantRowCounts(victim.id);
      const planBefore = await env.DB.prepare("SELECT plan FROM workspaces WHERE id = ?")
        .bind(team.id)
        .first<{ plan: string }>();
      const writes = ops.filter(
        (o) =>
          WRITE_METHODS.has(o.method) &&
          o.jsonBody?.type === "object" &&
          !o.path.startsWith("/api/v1/auth/") &&
          !o.path.endsWith("/transfer-ownership") &&
          !o.path.endsWith("/billing/plan"),
      );
      const tried: string[] = [];
      for (const caller of [editor, team.owner]) {
        for (const op of writes) {
          const path = fillPath(op);
          if (!path) continue;
          const schema = deref(op.jsonBody);
          const extras = Object.fromEntries(
            Object.entries(injected()).filter(([k]) => !(k in (schema.properties ?? {}))),
          );
          const body = { ...(sample(schema) as object), ...extras };
          const res = await probe(path, {
            method: op.method.toUpperCase(),
            token: caller.accessToken,
            headers: { "Zukai-Workspace": team.id, "Content-Type": "application/json" },
            body: withProtoKey(body),
          });
          const context = `${op.method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect(res.status, context).toBeLessThan(500);
          if (res.status < 300 && res.body && typeof res.body === "object") {
            expect(JSON.stringify(res.body).includes(victim.id), context).toBe(false);
            if ("role" in res.body && caller === editor) expect(res.body.role, context).not.toBe("owner");
            expect(res.body.createdAt ?? "", context).not.toBe("2000-01-01T00:00:00.000Z");
          }
          tried.push(`${op.method} ${op.path}`);
        }
      }
      expect(new Set(tried).size).toBeGreaterThan(15);
      expect(await tenantRowCounts(victim.id), "rows appeared in the victim's workspace").toEqual(victimBefore);
      expect(await env.DB.prepare("SELECT plan FROM workspaces WHERE id = ?").bind(team.id).first()).toEqual(
        planBefore,
      );
      const roles = await env.DB.prepare(
        "SELECT user_id, role FROM memberships WHERE workspace_id = ? ORDER BY user_id",
      )
        .bind(team.id)
        .all<{ user_id: string; role: string }>();
      expect(roles.results.find((r) => r.user_id === editor.userId)?.role).toBe("editor");
      expect(roles.results.filter((r) => r.role === "owner").map((r) => r.user_id)).toEqual([team.owner.userId]);
      const intoVictim = await env.DB.prepare(
        "SELECT count(*) AS n FROM memberships WHERE workspace_id = ? AND user_id IN (?, ?)",
      )
        .bind(victim.id, editor.userId, team.owner.userId)
        .first<{ n: number }>();
      expect(intoVictim!.n).toBe(0);
    },
  );

  it(sec("API3", "registration ignores or refuses role, plan, workspace and admin fields"), async () => {
    const email = `api3-reg-${Date.now()}@example.test`;
    const res = await probe("/api/v1/auth/register", {
      json: {
        email,
        password: "correct horse battery staple",
        name: "x",
        ...injected(),
        personalWorkspaceId: victim.id,
      },
    });
    expect([201, 422], JSON.stringify(res.body)).toContain(res.status);
    if (res.status === 201) {
      expect(res.body.user.personalWorkspaceId).not.toBe(victim.id);
      const ws = await probe(`/api/v1/workspaces/${res.body.user.personalWorkspaceId}`, {
        token: res.body.tokens.accessToken,
      });
      expect(ws.body.plan).not.toBe("enterprise");
    }
    const member = await env.DB.prepare(
      "SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.workspace_id = ?",
    )
      .bind(email, victim.id)
      .first<{ n: number }>();
    expect(member!.n).toBe(0);
  });

  it(sec("API3", "an invitation accepted with a role field joins with the invited role only"), async () => {
    const invitee = await registerUser("api3-invitee2");
    const invitation = await probe(`/api/v1/workspaces/${team.id}/invitations`, {
      token: team.owner.accessToken,
      json: { email: invitee.email, role: "viewer" },
    });
    const token = tokenOf(invitation.body.acceptUrl);
    rememberSecret(token, /\/invitations/);
    const res = await probe("/api/v1/invitations/accept", {
      token: invitee.accessToken,
      json: { token, role: "owner", workspaceId: victim.id },
    });
    expect([200, 422]).toContain(res.status);
    if (res.status === 422)
      expect((await probe("/api/v1/invitations/accept", { token: invitee.accessToken, json: { token } })).status).toBe(
        200,
      );
    const row = await env.DB.prepare("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?")
      .bind(team.id, invitee.userId)
      .first<{ role: string }>();
    expect(row?.role).toBe("viewer");
  });
});

describe("API3 excessive data exposure", () => {
  it(
    sec("API3", "no GET route shows a password hash, token hash, key hash, API key, webhook secret or credential URL"),
    async () => {
      const gets = ops.filter((o) => o.method === "get" && !["operator"].includes(o.permission ?? ""));
      let crawled = 0;
      for (const op of gets) {
        const path = fillPath(op);
        if (!path) continue;
        for (const token of [team.owner.accessToken, editor.accessToken]) {
          // The webhook secret's own route may show it; inspect() allows it there only.
          await probe(path, { token, headers: { "Zukai-Workspace": team.id } });
          crawled++;
        }
      }
      expect(crawled).toBeGreaterThan(40);
    },
  );

  it(sec("API3", "an alert channel's Slack URL is shown by its origin only, in the creation answer too"), async () => {
    rememberSecret("s3cr3tslackpathtoken");
    const created = await probe(`/api/v1/workspaces/${team.id}/alert-channels`, {
      token: team.owner.accessToken,
      json: { kind: "slack", name: "again", url: SLACK_URL },
    });
    expect(created.status).toBe(201);
    const listed = await probe(`/api/v1/workspaces/${team.id}/alert-channels`, { token: team.owner.accessToken });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(new URL(SLACK_URL).host);
  });
});
