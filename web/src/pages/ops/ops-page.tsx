/**
 * The operations dashboard: built-in live panels polled every second from
 * GET /workspaces/{id}/ops/summary, and the workspace's custom dashboards. Members with
 * dashboards:manage compose panels (metric, chart, range) and save them; others only view.
 */
import { useEffect, useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { useWorkspace } from "../../lib/workspace";
import { appendSample, type History, METRICS, type OpsSummary } from "./ops-metrics";
import { Panel, type PanelConfig } from "./panel";

interface Dashboard {
  id: string;
  name: string;
  panels: PanelConfig[];
}

const BUILT_IN: PanelConfig[] = [
  { id: "b1", title: "", metric: "requests.rate", chart: "line", rangeSeconds: 300 },
  { id: "b2", title: "", metric: "requests.p95", chart: "line", rangeSeconds: 300 },
  { id: "b3", title: "", metric: "jobs.throughput", chart: "line", rangeSeconds: 300 },
  { id: "b4", title: "", metric: "jobs.queued", chart: "bar", rangeSeconds: 300 },
  { id: "b5", title: "", metric: "runners.busy", chart: "line", rangeSeconds: 300 },
  { id: "b6", title: "", metric: "ws.connections", chart: "stat", rangeSeconds: 300 },
];
const RANGES = [60, 300, 900, 3600, 86_400];

function useOpsHistory(workspaceId: string): { history: History; error: unknown } {
  const [history, setHistory] = useState<History>({ times: [], values: {} });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const tick = async () => {
      try {
        const summary = await api<OpsSummary>(`/api/v1/workspaces/${workspaceId}/ops/summary`, { workspace: false });
        if (live) setHistory((h) => appendSample(h, summary));
        setError(null);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void tick();
    const timer = setInterval(tick, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [workspaceId]);
  return { history, error };
}

function Composer(props: { onAdd(panel: PanelConfig): void }) {
  const t = useT();
  const [draft, setDraft] = useState({
    title: "",
    metric: METRICS[0]!.id,
    chart: "line" as PanelConfig["chart"],
    rangeSeconds: 300,
  });
  return (
    <form
      class="row composer"
      aria-label={t("addPanel")}
      onSubmit={(e) => {
        e.preventDefault();
        props.onAdd({
          ...draft,
          id: `p${Date.now().toString(36)}`,
          title: draft.title || t(METRICS.find((m) => m.id === draft.metric)!.label),
        });
        setDraft({ ...draft, title: "" });
      }}
    >
      <Field label={t("panelTitle")}>
        <input
          maxLength={100}
          value={draft.title}
          onInput={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
          data-testid="panel-title"
        />
      </Field>
      <Field label={t("metric")}>
        <select
          value={draft.metric}
          onChange={(e) => setDraft({ ...draft, metric: e.currentTarget.value })}
          data-testid="panel-metric"
        >
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {t(m.label)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("chartType")}>
        <select
          value={draft.chart}
          onChange={(e) => setDraft({ ...draft, chart: e.currentTarget.value as PanelConfig["chart"] })}
          data-testid="panel-chart"
        >
          <option value="line">{t("chartLine")}</option>
          <option value="bar">{t("chartBar")}</option>
          <option value="stat">{t("chartStat")}</option>
        </select>
      </Field>
      <Field label={t("timeRange")}>
        <select
          value={draft.rangeSeconds}
          onChange={(e) => setDraft({ ...draft, rangeSeconds: Number(e.currentTarget.value) })}
        >
          {RANGES.map((r) => (
            <option key={r} value={r}>
              {r >= 3600 ? `${r / 3600} h` : `${r / 60} min`}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" data-testid="add-panel">
        {t("addPanel")}
      </button>
    </form>
  );
}

function CustomDashboards(props: { workspaceId: string; history: History }) {
  const t = useT();
  const { can } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}/dashboards`;
  const list = useAsync(() => api<{ items: Dashboard[] }>(`${base}?limit=100`, { workspace: false }), [base]);
  const [selected, setSelected] = useState<string>("");
  const [draft, setDraft] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const manage = can("dashboards:manage");
  const current = draft ?? list.data?.items.find((d) => d.id === selected) ?? list.data?.items[0] ?? null;

  useEffect(() => setDraft(null), [selected]);

  async function save() {
    if (!current) return;
    setError(null);
    setSaved(false);
    try {
      const body = { name: current.name, panels: current.panels };
      const stored = current.id
        ? await api<Dashboard>(`${base}/${current.id}`, { method: "PATCH", json: body, workspace: false })
        : await api<Dashboard>(base, { json: body, workspace: false });
      setDraft(null);
      setSelected(stored.id);
      setSaved(true);
      list.reload();
    } catch (e) {
      setError(e);
    }
  }

  async function remove() {
    if (!current?.id) return setDraft(null);
    try {
      await api(`${base}/${current.id}`, { method: "DELETE", workspace: false });
      setSelected("");
      list.reload();
    } catch (e) {
      setError(e);
    }
  }

  const edit = (change: Partial<Dashboard>) => current && setDraft({ ...current, ...change });

  return (
    <Section
      title={t("customDashboards")}
      actions={
        manage && (
          <button
            type="button"
            onClick={() => setDraft({ id: "", name: t("newDashboardName"), panels: [] })}
            data-testid="new-dashboard"
          >
            {t("newDashboard")}
          </button>
        )
      }
    >
      <ErrorNote error={list.error} />
      {(list.data?.items.length ?? 0) > 0 && (
        <Field label={t("dashboard")}>
          <select
            value={current?.id ?? ""}
            onChange={(e) => setSelected(e.currentTarget.value)}
            data-testid="dashboard-select"
          >
            {draft && !draft.id && <option value="">{draft.name}</option>}
            {list.data!.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {!current && <p class="muted">{t("noDashboards")}</p>}
      {current && (
        <>
          {manage && (
            <>
              <Field label={t("dashboardName")}>
                <input
                  maxLength={100}
                  value={current.name}
                  onInput={(e) => edit({ name: e.currentTarget.value })}
                  data-testid="dashboard-name"
                />
              </Field>
              <Composer onAdd={(panel) => edit({ panels: [...current.panels, panel] })} />
            </>
          )}
          <div class="panels">
            {current.panels.map((p) => (
              <Panel
                key={p.id}
                panel={p}
                history={props.history}
                onRemove={manage ? () => edit({ panels: current.panels.filter((x) => x.id !== p.id) }) : undefined}
              />
            ))}
          </div>
          {manage && (
            <div class="row">
              <button type="button" class="primary" onClick={save} disabled={!draft} data-testid="save-dashboard">
                {t("saveDashboard")}
              </button>
              <button type="button" class="link danger" onClick={remove}>
                {t("delete")}
              </button>
              {saved && <span role="status">{t("saved")}</span>}
            </div>
          )}
          <ErrorNote error={error} />
        </>
      )}
    </Section>
  );
}

export function OpsPage() {
  const t = useT();
  const { workspace } = useWorkspace();
  if (!workspace) return <p aria-busy="true">{t("loading")}</p>;
  return <OpsDashboard workspaceId={workspace.id} />;
}

function OpsDashboard(props: { workspaceId: string }) {
  const t = useT();
  const { history, error } = useOpsHistory(props.workspaceId);
  return (
    <>
      <h1>{t("navOps")}</h1>
      <ErrorNote error={error} />
      <Section title={t("liveFigures")}>
        <div class="panels" data-testid="live-panels" data-samples={history.times.length}>
          {BUILT_IN.map((p) => (
            <Panel
              key={p.id}
              panel={{ ...p, title: t(METRICS.find((m) => m.id === p.metric)!.label) }}
              history={history}
            />
          ))}
        </div>
      </Section>
      <CustomDashboards workspaceId={props.workspaceId} history={history} />
    </>
  );
}
