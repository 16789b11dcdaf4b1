/** Alert channels and rules, open incidents (acknowledge, resolve) and the notification history. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { when } from "../../lib/format";
import { language, useT } from "../../lib/i18n";
import { useStore } from "../../lib/store";
import { useWorkspace } from "../../lib/workspace";

interface Channel {
  id: string;
  name: string;
  kind: string;
  target: { to?: string; url?: string };
}
interface Rule {
  id: string;
  name: string;
  metric: string;
  threshold: number;
  windowMinutes: number;
  enabled: boolean;
}
interface Incident {
  id: string;
  status: string;
  metric: string;
  value: number;
  threshold: number;
  openedAt: string;
}
interface Notification {
  id: string;
  channelId?: string;
  status?: string;
  createdAt?: string;
  sentAt?: string;
  [key: string]: unknown;
}

const METRICS = ["job_failure_rate", "quota_use_percent", "spend_usd", "queue_wait_seconds"];

export function AlertsTab(props: { workspaceId: string }) {
  const t = useT();
  const lang = useStore(language);
  const { can } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}`;
  const channels = useAsync(() => api<{ items: Channel[] }>(`${base}/alert-channels`, { workspace: false }), [base]);
  const rules = useAsync(() => api<{ items: Rule[] }>(`${base}/alert-rules`, { workspace: false }), [base]);
  const incidents = useAsync(() => api<{ items: Incident[] }>(`${base}/incidents`, { workspace: false }), [base]);
  const notifications = useAsync(
    () => api<{ items: Notification[] }>(`${base}/notifications`, { workspace: false }),
    [base],
  );
  const [channel, setChannel] = useState({ kind: "email", name: "", target: "" });
  const [rule, setRule] = useState({
    name: "",
    metric: METRICS[0]!,
    threshold: "10",
    windowMinutes: "60",
    channelId: "",
  });
  const [error, setError] = useState<unknown>(null);
  const manage = can("alerts:manage");

  const run = (work: () => Promise<unknown>, after: () => void) => async (event?: Event) => {
    event?.preventDefault();
    setError(null);
    try {
      await work();
      after();
    } catch (e) {
      setError(e);
    }
  };
  const addChannel = run(
    () =>
      api(`${base}/alert-channels`, {
        json: {
          kind: channel.kind,
          name: channel.name,
          ...(channel.kind === "email" || channel.kind === "sms" ? { to: channel.target } : { url: channel.target }),
        },
        workspace: false,
      }),
    channels.reload,
  );
  const addRule = run(
    () =>
      api(`${base}/alert-rules`, {
        json: {
          name: rule.name,
          metric: rule.metric,
          threshold: Number(rule.threshold),
          windowMinutes: Number(rule.windowMinutes),
          steps: [{ channelIds: [rule.channelId || channels.data?.items[0]?.id] }],
        },
        workspace: false,
      }),
    rules.reload,
  );

  return (
    <>
      <ErrorNote error={error} />
      <Section title={t("alertChannels")}>
        <ul class="list">
          {channels.data?.items.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> · {c.kind} · {c.target.to ?? c.target.url}
            </li>
          ))}
        </ul>
        {manage && (
          <form class="row" onSubmit={addChannel}>
            <Field label={t("kind")}>
              <select value={channel.kind} onChange={(e) => setChannel({ ...channel, kind: e.currentTarget.value })}>
                {["email", "slack", "sms", "webhook"].map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </Field>
            <Field label={t("name")}>
              <input
                required
                value={channel.name}
                onInput={(e) => setChannel({ ...channel, name: e.currentTarget.value })}
              />
            </Field>
            <Field label={t("destination")}>
              <input
                required
                value={channel.target}
                onInput={(e) => setChannel({ ...channel, target: e.currentTarget.value })}
              />
            </Field>
            <button type="submit">{t("add")}</button>
          </form>
        )}
      </Section>
      <Section title={t("alertRules")}>
        <ul class="list">
          {rules.data?.items.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong> · <code>{r.metric}</code> ≥ {r.threshold} / {r.windowMinutes} min ·{" "}
              {r.enabled ? t("enabled") : t("disabled")}
            </li>
          ))}
        </ul>
        {manage && (channels.data?.items.length ?? 0) > 0 && (
          <form class="row" onSubmit={addRule}>
            <Field label={t("name")}>
              <input required value={rule.name} onInput={(e) => setRule({ ...rule, name: e.currentTarget.value })} />
            </Field>
            <Field label={t("metric")}>
              <select value={rule.metric} onChange={(e) => setRule({ ...rule, metric: e.currentTarget.value })}>
                {METRICS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </Field>
            <Field label={t("threshold")}>
              <input
                type="number"
                min={0}
                step="any"
                value={rule.threshold}
                onInput={(e) => setRule({ ...rule, threshold: e.currentTarget.value })}
              />
            </Field>
            <Field label={t("windowMinutes")}>
              <input
                type="number"
                min={1}
                value={rule.windowMinutes}
                onInput={(e) => setRule({ ...rule, windowMinutes: e.currentTarget.value })}
              />
            </Field>
            <Field label={t("channel")}>
              <select value={rule.channelId} onChange={(e) => setRule({ ...rule, channelId: e.currentTarget.value })}>
                {channels.data?.items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit">{t("add")}</button>
          </form>
        )}
      </Section>
      <Section title={t("incidents")}>
        <ul class="list">
          {incidents.data?.items.map((i) => (
            <li key={i.id}>
              {i.status} · <code>{i.metric}</code> {i.value} ≥ {i.threshold} · {when(i.openedAt, lang)}{" "}
              {manage && i.status === "open" && (
                <button
                  type="button"
                  class="link"
                  onClick={run(
                    () => api(`${base}/incidents/${i.id}/ack`, { method: "POST", workspace: false }),
                    incidents.reload,
                  )}
                >
                  {t("acknowledge")}
                </button>
              )}
              {manage && i.status !== "resolved" && (
                <button
                  type="button"
                  class="link"
                  onClick={run(
                    () => api(`${base}/incidents/${i.id}/resolve`, { method: "POST", workspace: false }),
                    incidents.reload,
                  )}
                >
                  {t("resolve")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t("notifications")}>
        <ul class="list">
          {notifications.data?.items.map((n) => (
            <li key={n.id}>
              {when(n.sentAt ?? n.createdAt ?? null, lang)} · {String(n.status ?? "")} · <code>{n.channelId}</code>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
