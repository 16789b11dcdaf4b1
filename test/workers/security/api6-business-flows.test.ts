/**
 * API6 sensitive business flows, beyond invitations.test.ts (single use, expiry, revocation,
 * resend): invitation tokens cannot be guessed, a forged import bundle cannot hand a workspace
 * negative usage (free work), and a batch cannot buy more free-plan diagrams than the plan holds.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newId } from "../../../workers/lib/ids";
import { registerUser } from "../helpers";
import { tokenOf } from "../team-helpers";
import { sec } from "./owasp";
import { probe, rememberSecret } from "./surface";

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A bundle in the export format whose only table is `table` with `rows`; checksums are right. */
async function forgedBundle(
  sourceWorkspaceId: string,
  table: string,
  rows: Record<string, unknown>[],
): Promise<string> {
  const tableBytes = new TextEncoder().encode(`${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const manifest = {
    format: "zukai-workspace-export",
    version: 1,
    exportId: newId("exp"),
    createdAt: new Date().toISOString(),
    workspace: { id: sourceWorkspaceId, name: "forged", kind: "team", plan: "enterprise" },
    tables: [
      {
        name: table,
        file: `tables/${table}.ndjson`,
        rows: rows.length,
        bytes: tableBytes.byteLength,
        sha256: await sha256Hex(tableBytes),
      },
    ],
    objects: [],
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  return [
    JSON.stringify({ path: "manifest.json", base64: base64(manifestBytes) }),
    JSON.stringify({ path: `tables/${table}.ndjson`, base64: base64(tableBytes) }),
  ].join("\n");
}

describe("API6 invitations", () => {
  it(
    sec(
      "API6",
      "invitation tokens carry at least 128 random bits, and guessing answers 404 without hurting the real one",
    ),
    async () => {
      const owner = await registerUser("api6-owner");
      const invitee = await registerUser("api6-invitee");
      const team = (await probe("/api/v1/workspaces", { token: owner.accessToken, json: { name: "api6 team" } })).body
        .id;
      const tokens: string[] = [];
      for (const email of [invitee.email, `api6-other-${Date.now()}@example.test`]) {
        const res = await probe(`/api/v1/workspaces/${team}/invitations`, {
          token: owner.accessToken,
          json: { email, role: "viewer" },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const token = tokenOf(res.body.acceptUrl);
        rememberSecret(token, /\/invitations/);
        tokens.push(token);
      }
      const [token, other] = tokens as [string, string];
      // base64url: 6 bits a character.
      expect(token.length * 6).toBeGreaterThanOrEqual(128);
      expect(token).not.toBe(other);
      const statuses = new Set<number>();
      for (let i = 0; i < 25; i++) {
        const guess = token.slice(0, -4) + Math.random().toString(36).slice(2, 6);
        statuses.add(
          (await probe("/api/v1/invitations/accept", { token: invitee.accessToken, json: { token: guess } })).status,
        );
      }
      expect(
        [...statuses].every((s) => s === 404 || s === 429),
        [...statuses].join(),
      ).toBe(true);
      const accepted = await probe("/api/v1/invitations/accept", { token: invitee.accessToken, json: { token } });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    },
  );
});

describe("API6 free work", () => {
  it(sec("API6", "a forged import bundle cannot give the restored workspace negative usage"), async () => {
    const attacker = await registerUser("api6-import");
    const source = newId("ws");
    const rows = [
      {
        id: newId("use"),
        workspace_id: source,
        job_id: null,
        meter: "diagrams",
        quantity: -1_000_000,
        occurred_at: new Date().toISOString(),
      },
    ];
    const res = await probe("/api/v1/workspaces/imports", {
      token: attacker.accessToken,
      headers: { "Content-Type": "application/x-ndjson" },
      body: await forgedBundle(source, "usage_events", rows),
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    if (res.status === 201) {
      const negative = await env.DB.prepare(
        "SELECT count(*) AS n FROM usage_events WHERE workspace_id = ? AND quantity < 0",
      )
        .bind(res.body.workspace.id)
        .first<{ n: number }>();
      expect(negative!.n, "the restored workspace holds negative usage: unlimited free work").toBe(0);
    } else expect(res.status).toBe(422);
  });

  it(sec("API6", "a batch cannot draw more diagrams than the free plan's monthly allowance"), async () => {
    const user = await registerUser("api6-batch");
    const plan = (await probe("/api/v1/billing/plans")).body.items.find((p: any) => p.id === "free");
    const included: number = plan.included.diagrams;
    const items = Array.from({ length: Math.min(100, included + 10) }, (_, i) => ({
      kind: "diagram",
      request: { text: `Step ${i} leads to step ${i + 1}.` },
    }));
    const res = await probe("/api/v1/batch", { token: user.accessToken, json: { items } });
    expect([201, 402, 422], JSON.stringify(res.body).slice(0, 300)).toContain(res.status);
    const drawn = await env.DB.prepare("SELECT count(*) AS n FROM diagrams WHERE workspace_id = ?")
      .bind(user.workspaceId)
      .first<{ n: number }>();
    const queued = await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ? AND kind = 'diagram'")
      .bind(user.workspaceId)
      .first<{ n: number }>();
    expect(
      Math.max(drawn!.n, queued!.n),
      `${drawn!.n} diagrams drawn, ${queued!.n} jobs for a plan that includes ${included}`,
    ).toBeLessThanOrEqual(included + 1);
  });
});
