/**
 * Issue 16, "look for the same pattern elsewhere": a per-workspace count limit that was read and
 * then written in two steps could be raced past. Each limit now holds exactly under concurrency.
 */
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../helpers";
import "../provided-context";
import { sec } from "./owasp";

const panel = { id: "p1", title: "Queue", metric: "jobs.queued", chart: "line", rangeSeconds: 300 };

describe("count limits under concurrency", () => {
  it(
    sec("API4", "20 concurrent dashboards at 45 of 50: exactly 5 are saved, the rest answer 409 dashboard_limit"),
    async () => {
      const owner = await registerUser("limit-dash");
      const path = `/api/v1/workspaces/${owner.workspaceId}/dashboards`;
      for (let i = 0; i < 45; i++)
        expect((await api(path, { token: owner.accessToken, json: { name: `d${i}`, panels: [panel] } })).status).toBe(
          201,
        );
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api(path, { token: owner.accessToken, json: { name: `race${i}`, panels: [panel] } }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
      for (const refused of answers.filter((a) => a.status !== 201)) expectProblem(refused, 409, "dashboard_limit");
      const listed = await api(`${path}?limit=100`, { token: owner.accessToken });
      expect(listed.body.items).toHaveLength(50);
    },
  );

  it(
    sec(
      "API4",
      "20 concurrent custom roles at 45 of 50: exactly 5 are created, the rest answer 409 role_limit_reached",
    ),
    async () => {
      const owner = await registerUser("limit-roles");
      const path = `/api/v1/workspaces/${owner.workspaceId}/roles`;
      for (let i = 0; i < 45; i++)
        expect(
          (await api(path, { token: owner.accessToken, json: { name: `role ${i}`, permissions: ["jobs:read"] } }))
            .status,
        ).toBe(201);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api(path, { token: owner.accessToken, json: { name: `race ${i}`, permissions: ["jobs:read"] } }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
      for (const refused of answers.filter((a) => a.status !== 201)) expectProblem(refused, 409, "role_limit_reached");
      const listed = await api(path, { token: owner.accessToken });
      expect(listed.body.items.filter((r: { builtIn?: boolean; id: string }) => r.id.startsWith("rol_"))).toHaveLength(
        50,
      );
    },
  );
});
