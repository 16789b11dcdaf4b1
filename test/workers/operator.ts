/** Operator actions the tests take, through the operator API (ADMIN_TOKEN in vitest.config.ts). */
import { expect } from "vitest";
import type { PlanOverrides } from "../../workers/billing/overrides";
import type { BillingCycle, Currency } from "../../workers/billing/plans";
import { api } from "./helpers";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

/** Puts the workspace on enterprise under `terms` (PUT /api/v1/admin/workspaces/{id}/enterprise-terms). */
export async function putEnterpriseTerms(
  workspaceId: string,
  terms: PlanOverrides,
  contract: { cycle?: BillingCycle; currency?: Currency } = {},
): Promise<void> {
  const res = await api(`/api/v1/admin/workspaces/${workspaceId}/enterprise-terms`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    json: { terms, ...contract },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
