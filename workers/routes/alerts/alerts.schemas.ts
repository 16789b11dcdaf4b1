/** Request and response schemas of the tenant alert routes. */
import { z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";

const Id = (prefix: Parameters<typeof idPattern>[0], name: string, what: string) =>
  z
    .string()
    .regex(idPattern(prefix), `not ${what}`)
    .openapi({ param: { name, in: "path" } });

export const WorkspaceParams = z.object({ id: Id("ws", "id", "a workspace id") });
export const ChannelParams = WorkspaceParams.extend({ channelId: Id("ach", "channelId", "an alert channel id") });
export const RuleParams = WorkspaceParams.extend({ ruleId: Id("alr", "ruleId", "an alert rule id") });
export const IncidentParams = WorkspaceParams.extend({ incidentId: Id("inc", "incidentId", "an incident id") });

const Name = z.string().trim().min(1).max(100);
const HttpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const CreateChannelBody = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("email"), name: Name, to: z.string().email().max(254) }),
    z.strictObject({
      kind: z.literal("sms"),
      name: Name,
      to: z.string().regex(/^\+[1-9]\d{6,14}$/, "an E.164 phone number such as +15551234567"),
    }),
    z.strictObject({
      kind: z.literal("slack"),
      name: Name,
      url: HttpUrl.openapi({ description: "A Slack incoming-webhook URL." }),
    }),
    z.strictObject({
      kind: z.literal("webhook"),
      name: Name,
      url: HttpUrl.openapi({ description: "Receives Standard Webhooks signed with the workspace's webhook secret." }),
    }),
  ])
  .openapi("CreateAlertChannelRequest");

export const AlertChannel = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    kind: z.enum(["email", "slack", "sms", "webhook"]),
    target: z.object({
      to: z.string().optional(),
      url: z.string().optional().openapi({ description: "Only the origin: the URL is a credential." }),
    }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("AlertChannel");

export const Metric = z.enum(["job_failure_rate", "quota_use_percent", "spend_usd", "queue_wait_seconds"]).openapi({
  description:
    "job_failure_rate: % of jobs finished in the window that failed · quota_use_percent: highest % of a plan's monthly inclusion used this month · spend_usd: list-price spend in the window · queue_wait_seconds: longest wait from creation to start (queued jobs count until now).",
});

const Step = z.strictObject({
  channelIds: z
    .array(z.string().regex(idPattern("ach"), "not an alert channel id"))
    .min(1)
    .max(10),
  waitMinutes: z
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(15)
    .openapi({ description: "Minutes to wait, unacknowledged, before the next step." }),
});

const RuleFields = {
  name: Name,
  metric: Metric,
  threshold: z.number().finite().min(0).openapi({ description: "Fires when the figure is at or above this value." }),
  windowMinutes: z.number().int().min(1).max(43_200),
  minJobs: z.number().int().min(1).max(100_000).optional(),
  steps: z
    .array(Step)
    .min(1)
    .max(5)
    .openapi({ description: "Escalation policy: step 1 at once, each next step after the previous one's wait." }),
  enabled: z.boolean().optional(),
};

export const CreateRuleBody = z.strictObject(RuleFields).openapi("CreateAlertRuleRequest");
export const UpdateRuleBody = z
  .strictObject(RuleFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field")
  .openapi("UpdateAlertRuleRequest");

export const AlertRule = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    metric: Metric,
    threshold: z.number(),
    windowMinutes: z.number().int(),
    minJobs: z.number().int(),
    steps: z.array(z.object({ channelIds: z.array(z.string()), waitMinutes: z.number().int() })),
    enabled: z.boolean(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("AlertRule");

export const Incident = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    ruleId: z.string(),
    status: z.enum(["open", "acknowledged", "resolved"]),
    metric: z.string(),
    value: z.number(),
    threshold: z.number(),
    step: z.number().int().openapi({ description: "The escalation step notified last (0 = first)." }),
    openedAt: z.string().datetime(),
    acknowledgedAt: z.string().datetime().nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: z.string().datetime().nullable(),
    resolvedBy: z.string().nullable(),
    updatedAt: z.string().datetime(),
  })
  .openapi("AlertIncident");

export const Notification = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    incidentId: z.string(),
    channelId: z.string(),
    step: z.number().int(),
    kind: z.string(),
    status: z.enum(["delivered", "failed"]),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi("AlertNotification");

export const Evaluation = z
  .object({
    results: z.array(
      z.object({
        ruleId: z.string(),
        metric: z.string(),
        value: z.number(),
        samples: z.number().int(),
        firing: z.boolean(),
        incidentId: z.string().nullable(),
        change: z.enum(["opened", "resolved", "none"]),
      }),
    ),
  })
  .openapi("AlertEvaluation");

/** `{ items, nextCursor }` of the given item schema. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
