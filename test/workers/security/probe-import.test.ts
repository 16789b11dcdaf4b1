/**
 * Issue 16's probe of import, through the public API: import answers stable problems that say
 * nothing about other workspaces' ids, and applies the create routes' rules and limits.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newId } from "../../../workers/lib/ids";
import { api, expectProblem, registerUser } from "../helpers";
import "../provided-context";
import { claimsOn, forgedBundle, importBundle, workspaceCount } from "./forged-bundle";
import { sec } from "./owasp";

const SENTENCE = "First we collect the recordings. Then we transcribe them. Finally we draw the diagram.";

describe("import problems", () => {
  it(
    sec(
      "API8",
      "import answers the same whether or not a bundle's ids exist in another workspace, and never with a database message",
    ),
    async () => {
      const victim = await registerUser("probe-import-victim");
      const attacker = await registerUser("probe-import-attacker");
      const drawn = await api("/api/v1/generate-diagram", { token: victim.accessToken, json: { text: SENTENCE } });
      expect(drawn.status).toBe(201);
      const existing: string =
        drawn.body.jobId ??
        (await env.DB.prepare("SELECT id FROM jobs WHERE workspace_id = ?")
          .bind(victim.workspaceId)
          .first<{ id: string }>())!.id;
      const answers = [];
      for (const jobId of [existing, newId("job")]) {
        const source = newId("ws");
        answers.push(
          await importBundle(
            attacker,
            await forgedBundle(source, { usage_events: claimsOn(source, jobId, attacker.userId).usage_events! }),
          ),
        );
      }
      expect(answers.map((a) => a.status)).toEqual([201, 201]);

      // A bundle whose own rows collide: a stable problem, no table or column names.
      const source = newId("ws");
      const row = {
        id: newId("prj"),
        workspace_id: source,
        name: "twin",
        description: "",
        created_by: attacker.userId,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      };
      const before = await workspaceCount(attacker);
      const twin = await importBundle(attacker, await forgedBundle(source, { projects: [row, row] }));
      expectProblem(twin, 422, "invalid_export");
      expect(JSON.stringify(twin.body)).not.toMatch(/constraint|sqlite|D1_|projects\.id|UNIQUE/i);
      expect(await workspaceCount(attacker)).toBe(before);
    },
  );
});

describe("import applies the create rules", () => {
  const role = (source: string, userId: string, name: string, permissions: string[] = ["jobs:read"]) => {
    const now = new Date().toISOString();
    return {
      id: newId("rol"),
      workspace_id: source,
      name,
      description: "",
      permissions: JSON.stringify(permissions),
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
  };

  it(
    sec(
      "API5",
      "no more than 50 custom roles, none named like a built-in role in any case, only real permissions; all or nothing",
    ),
    async () => {
      const user = await registerUser("probe-import-roles");
      const before = await workspaceCount(user);
      const source = newId("ws");
      const many = Array.from({ length: 51 }, (_, i) => role(source, user.userId, `role ${i}`));
      expectProblem(
        await importBundle(user, await forgedBundle(source, { custom_roles: many })),
        409,
        "role_limit_reached",
      );
      for (const name of ["viewer", "Owner", " ADMIN "]) {
        expectProblem(
          await importBundle(
            user,
            await forgedBundle(source, { custom_roles: [role(source, user.userId, name, ["workspace:delete"])] }),
          ),
          409,
          "role_name_taken",
        );
      }
      expectProblem(
        await importBundle(
          user,
          await forgedBundle(source, { custom_roles: [role(source, user.userId, "auditor", ["everything:all"])] }),
        ),
        422,
        "invalid_export",
      );
      expect(await workspaceCount(user)).toBe(before);
      // Fifty is still fine, as through the API.
      const fifty = await importBundle(user, await forgedBundle(source, { custom_roles: many.slice(0, 50) }));
      expect(fifty.status, JSON.stringify(fifty.body)).toBe(201);
      const roles = await api(`/api/v1/workspaces/${fifty.body.workspace.id}/roles`, { token: user.accessToken });
      expect(roles.body.items.filter((r: { id: string }) => r.id.startsWith("rol_")).length).toBe(50);
    },
  );

  it(sec("API4", "no more than 50 dashboards, with panels the dashboard API accepts"), async () => {
    const user = await registerUser("probe-import-dash");
    const before = await workspaceCount(user);
    const source = newId("ws");
    const now = new Date().toISOString();
    const dashboard = (panels: unknown[]) => ({
      id: newId("dsh"),
      workspace_id: source,
      name: "ops",
      panels: JSON.stringify(panels),
      created_by: user.userId,
      created_at: now,
      updated_at: now,
    });
    expectProblem(
      await importBundle(
        user,
        await forgedBundle(source, { dashboards: Array.from({ length: 51 }, () => dashboard([])) }),
      ),
      409,
      "dashboard_limit",
    );
    expectProblem(
      await importBundle(
        user,
        await forgedBundle(source, {
          dashboards: [dashboard([{ id: "x", title: "t", metric: "nope", chart: "pie", rangeSeconds: 1 }])],
        }),
      ),
      422,
      "invalid_export",
    );
    expect(await workspaceCount(user)).toBe(before);
  });
});
