/** What an alert notification says, in the shape each channel expects. */
import type { AlertIncidentRecord } from "./incidents";
import type { AlertRuleRecord } from "./rules";

export interface AlertMessage {
  incident: AlertIncidentRecord;
  rule: Pick<AlertRuleRecord, "id" | "name" | "metric" | "threshold" | "windowMinutes">;
  workspace: { id: string; name: string };
  step: number;
}

const UNITS: Record<string, string> = {
  job_failure_rate: "%",
  quota_use_percent: "%",
  spend_usd: " USD",
  queue_wait_seconds: " s",
};

/** One human-readable line: what crossed which threshold, and where to acknowledge. */
export function summaryLine(message: AlertMessage): string {
  const { incident, rule, workspace } = message;
  const unit = UNITS[rule.metric] ?? "";
  const escalated = message.step > 0 ? ` (escalation step ${message.step + 1})` : "";
  return `[Zukai] ${workspace.name}: ${rule.name}${escalated} — ${rule.metric} is ${incident.value.toFixed(2)}${unit}, threshold ${rule.threshold}${unit} over ${rule.windowMinutes} min. Incident ${incident.id}.`;
}

/** The API path that acknowledges the incident. */
export function ackPath(message: AlertMessage): string {
  return `/api/v1/workspaces/${message.workspace.id}/incidents/${message.incident.id}/ack`;
}

/** The JSON body of a generic webhook notification. */
export function webhookPayload(message: AlertMessage) {
  const { incident, rule, workspace } = message;
  return {
    type: "alert.incident.notified",
    data: {
      workspaceId: workspace.id,
      step: message.step,
      incident: {
        id: incident.id,
        status: incident.status,
        metric: incident.metric,
        value: incident.value,
        threshold: incident.threshold,
        openedAt: incident.openedAt,
      },
      rule: { id: rule.id, name: rule.name, windowMinutes: rule.windowMinutes },
      links: { acknowledge: ackPath(message) },
    },
  };
}

/** A Slack incoming-webhook message: fallback text plus one section block. */
export function slackPayload(message: AlertMessage) {
  const text = summaryLine(message);
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:rotating_light: *${message.rule.name}*\n${text}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Acknowledge: \`POST ${ackPath(message)}\`` }] },
    ],
  };
}
