/**
 * The create rules an import applies to the rows it restores, through the same functions and
 * limits the create routes use: a bundle is data from outside, and writing its rows must not be a
 * way around what the API refuses. Every rule runs before anything is written, so a bundle that
 * breaks one restores nothing.
 */

import { gbToBytes, PLANS } from "../billing/plans";
import { MAX_DASHBOARDS_PER_WORKSPACE, MAX_PANELS, Panel } from "../dashboards/dashboards";
import { MAX_GLOSSARY_TERMS, MAX_SPOKEN_FORMS, MAX_TERM_LENGTH } from "../glossary/glossary";
import { AppError, conflict } from "../lib/errors";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";
import { quotaExceeded } from "../quotas/refusals";
import { checkCustomRoleName, MAX_CUSTOM_ROLES } from "../workspaces/custom-roles";
import { PERMISSIONS } from "../workspaces/permissions";

type Row = Record<string, unknown>;

const invalidRow = (table: string, detail: string) =>
  new AppError(422, "invalid_export", "Invalid export", `A row of ${table} ${detail}; nothing was imported.`);

/** A JSON column as the export wrote it (text), or undefined when it is not JSON. */
function jsonColumn(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function textOf(row: Row, column: string, table: string, max: number, min = 1): string {
  const value = row[column];
  if (typeof value !== "string" || value.trim().length < min || value.trim().length > max)
    throw invalidRow(table, `has no valid ${column}`);
  return value;
}

function checkCustomRoles(rows: Row[]): void {
  if (rows.length > MAX_CUSTOM_ROLES)
    throw conflict("role_limit_reached", `A workspace has at most ${MAX_CUSTOM_ROLES} custom roles.`);
  const known = new Set<string>(PERMISSIONS);
  for (const row of rows) {
    const name = textOf(row, "name", "custom_roles", 64);
    checkCustomRoleName(name);
    if (typeof row.description === "string" && row.description.trim().length > 500)
      throw invalidRow("custom_roles", "has a description longer than 500 characters");
    const permissions = jsonColumn(row.permissions);
    if (
      !Array.isArray(permissions) ||
      permissions.length > PERMISSIONS.length * 2 ||
      permissions.some((p) => typeof p !== "string" || !known.has(p))
    ) {
      throw invalidRow("custom_roles", "names a permission that does not exist");
    }
  }
}

function checkGlossary(rows: Row[]): void {
  if (rows.length > MAX_GLOSSARY_TERMS)
    throw conflict("glossary_limit_reached", `A workspace's glossary holds at most ${MAX_GLOSSARY_TERMS} terms.`);
  for (const row of rows) {
    textOf(row, "term", "glossary_terms", MAX_TERM_LENGTH);
    const forms = jsonColumn(row.spoken_forms);
    if (
      !Array.isArray(forms) ||
      forms.length > MAX_SPOKEN_FORMS ||
      forms.some((f) => typeof f !== "string" || f.trim() === "" || f.length > MAX_TERM_LENGTH)
    )
      throw invalidRow("glossary_terms", "has spoken forms the glossary does not accept");
  }
}

function checkDashboards(rows: Row[]): void {
  if (rows.length > MAX_DASHBOARDS_PER_WORKSPACE)
    throw conflict("dashboard_limit", `A workspace holds at most ${MAX_DASHBOARDS_PER_WORKSPACE} dashboards.`);
  for (const row of rows) {
    textOf(row, "name", "dashboards", 100);
    const panels = jsonColumn(row.panels);
    // The same panel schema and limits as POST /dashboards.
    if (
      !Array.isArray(panels) ||
      panels.length > MAX_PANELS ||
      !panels.every((p) => Panel.safeParse(p).success) ||
      new Set(panels.map((p: { id: string }) => p.id)).size !== panels.length
    ) {
      throw invalidRow("dashboards", "has panels the dashboard API does not accept");
    }
  }
}

async function checkAlertChannels(env: Env, rows: Row[]): Promise<void> {
  for (const row of rows) {
    textOf(row, "name", "alert_channels", 100);
    const target = jsonColumn(row.target) as { url?: unknown } | undefined;
    if (!target || typeof target !== "object") throw invalidRow("alert_channels", "has no target");
    // Slack and webhook URLs pass the outbound URL policy when saved, restored ones too.
    if (row.kind === "slack" || row.kind === "webhook") {
      if (typeof target.url !== "string" || !URL.canParse(target.url))
        throw invalidRow("alert_channels", "has no valid URL");
      await checkUrl(new URL(target.url), outboundPolicy(env));
    }
  }
}

function checkAlertRules(rules: Row[], channels: Row[]): void {
  const channelIds = new Set(channels.map((c) => c.id));
  for (const rule of rules) {
    const steps = jsonColumn(rule.steps);
    if (!Array.isArray(steps)) throw invalidRow("alert_rules", "has no escalation steps");
    for (const step of steps as { channelIds?: unknown }[]) {
      if (!Array.isArray(step?.channelIds) || step.channelIds.some((id) => !channelIds.has(id)))
        throw invalidRow("alert_rules", "names an alert channel the export does not hold");
    }
  }
}

/** The plan a restored workspace starts on is free: its quotas apply to what the bundle brings. */
function checkQuotas(rowsOf: (table: string) => Row[]): void {
  const plan = PLANS.free;
  const projects = rowsOf("projects").length;
  if (plan.limits.maxProjects !== null && projects > plan.limits.maxProjects) {
    throw quotaExceeded(
      402,
      "projects",
      plan.limits.maxProjects,
      projects,
      "projects",
      `The ${plan.name} plan a restored workspace starts on allows ${plan.limits.maxProjects} projects.`,
    );
  }
  const bytes = rowsOf("artifacts").reduce((n, a) => n + (typeof a.size === "number" ? a.size : 0), 0);
  if (bytes > gbToBytes(plan.limits.maxStorageGB)) {
    throw quotaExceeded(
      402,
      "storage",
      gbToBytes(plan.limits.maxStorageGB),
      bytes,
      "bytes",
      `The ${plan.name} plan a restored workspace starts on stores up to ${plan.limits.maxStorageGB} GB.`,
    );
  }
}

/** Refuses a bundle whose rows the create routes would not accept (same codes as those routes). */
export async function checkCreateRules(env: Env, tables: { name: string; rows: Row[] }[]): Promise<void> {
  const rowsOf = (table: string) => tables.find((t) => t.name === table)?.rows ?? [];
  checkQuotas(rowsOf);
  checkCustomRoles(rowsOf("custom_roles"));
  checkGlossary(rowsOf("glossary_terms"));
  checkDashboards(rowsOf("dashboards"));
  await checkAlertChannels(env, rowsOf("alert_channels"));
  checkAlertRules(rowsOf("alert_rules"), rowsOf("alert_channels"));
}
