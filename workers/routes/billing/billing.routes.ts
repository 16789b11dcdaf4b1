import { createRoute, z } from "@hono/zod-openapi";
import { BILLING_CYCLES, CURRENCIES, PLAN_IDS } from "../../billing/plans";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PUBLIC_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const Params = z.object({
  id: z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .openapi({ param: { name: "id", in: "path" }, example: "ws_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
});

const PendingChange = z
  .object({ plan: z.enum(PLAN_IDS), cycle: z.enum(BILLING_CYCLES), effectiveAt: z.string().datetime() })
  .nullable();

export const BillingAccount = z
  .object({
    workspaceId: z.string(),
    plan: z.enum(PLAN_IDS),
    cycle: z.enum(BILLING_CYCLES),
    currency: z.enum(CURRENCIES),
    period: z.object({ start: z.string().datetime(), end: z.string().datetime() }),
    pendingChange: PendingChange,
    price: z.object({ amountMinor: z.number().int(), display: z.string() }),
  })
  .openapi("BillingAccount");

const InvoiceLine = z.object({
  type: z.enum(["charge", "usage"]),
  kind: z.string().optional(),
  description: z.string().optional(),
  meter: z.string().optional(),
  quantity: z.number().optional(),
  included: z.number().optional(),
  overage: z.number().optional(),
  unitPriceMicro: z
    .number()
    .optional()
    .openapi({ description: "Overage price per unit in millionths of the currency's major unit." }),
  amountMinor: z.number().int(),
  amountDisplay: z.string(),
});

export const InvoicePreview = z
  .object({
    workspaceId: z.string(),
    plan: z.enum(PLAN_IDS),
    cycle: z.enum(BILLING_CYCLES),
    currency: z.enum(CURRENCIES),
    minorUnit: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    usageMonth: z.object({ from: z.string(), to: z.string() }),
    pendingChange: PendingChange,
    lines: z.array(InvoiceLine),
    totalMinor: z.number().int(),
    totalDisplay: z.string(),
    rounding: z.string(),
  })
  .openapi("InvoicePreview");

const PlanChangeBody = z
  .strictObject({
    plan: z.enum(PLAN_IDS),
    cycle: z.enum(BILLING_CYCLES).default("monthly"),
    currency: z.enum(CURRENCIES).optional(),
  })
  .openapi("PlanChangeRequest");

const PlanChangeResult = z
  .object({
    outcome: z.enum(["upgraded", "scheduled", "unchanged", "pending_canceled"]),
    charges: z.array(
      z.object({ kind: z.string(), description: z.string(), amountMinor: z.number().int(), amountDisplay: z.string() }),
    ),
    account: BillingAccount,
  })
  .openapi("PlanChangeResult");

const tags = ["Billing"];

export const plans = createRoute({
  method: "get",
  path: "/api/v1/billing/plans",
  ...PUBLIC_ROUTE,
  tags,
  summary: "The plan catalogue: prices (integer minor units per currency), included amounts and quotas",
  responses: { 200: jsonResponse(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), "Every plan") },
});

export const account = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/billing",
  tags,
  summary: "The workspace's plan, billing cycle, currency, current period and pending change",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("billing:read")],
  request: { params: Params },
  responses: { 200: jsonResponse(BillingAccount, "The billing account"), ...problems(401, 403, 404, 422, 429) },
});

export const invoicePreview = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/billing/invoice-preview",
  tags,
  summary: "The current usage month's invoice so far: plan fee, proration, included amounts, overage lines and total",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("billing:read")],
  request: { params: Params },
  responses: { 200: jsonResponse(InvoicePreview, "The invoice preview"), ...problems(401, 403, 404, 422, 429) },
});

export const changePlan = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/billing/plan",
  tags,
  summary: "Change plan or billing cycle: upgrades apply now with proration, downgrades at the end of the period",
  description:
    "Upgrades credit the unused part of the old fee and charge the new one for the rest of the period, each prorated by the exact time left and rounded half away from zero to the minor unit. From the free plan, or to another cycle, a new period starts now. Sending the current plan and cycle cancels a pending downgrade. The enterprise plan is set under contract (409 contract_required).",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("billing:manage"), jsonBody()],
  request: { params: Params, ...jsonRequest(PlanChangeBody) },
  responses: {
    200: jsonResponse(PlanChangeResult, "What changed"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});
