import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("migrations", () => {
  it("are found on disk and create every table of the data model", async () => {
    expect(env.TEST_MIGRATIONS.length).toBeGreaterThan(0);
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
      name: string;
    }>();
    const tables = results.map((r) => r.name);
    for (const table of [
      "users",
      "credentials",
      "refresh_tokens",
      "api_keys",
      "workspaces",
      "memberships",
      "projects",
      "jobs",
      "artifacts",
      "usage_events",
    ]) {
      expect(tables).toContain(table);
    }
  });

  it("index every tenant-owned table by workspace_id first", async () => {
    const { results } = await env.DB.prepare(
      "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    ).all<{
      tbl_name: string;
      sql: string;
    }>();
    for (const table of ["api_keys", "projects", "jobs", "artifacts", "usage_events"]) {
      const leadsWithWorkspace = results.filter((r) => r.tbl_name === table && /\(`workspace_id`/.test(r.sql));
      expect(leadsWithWorkspace.length, table).toBeGreaterThan(0);
    }
  });
});
