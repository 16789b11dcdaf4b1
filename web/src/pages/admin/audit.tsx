/** The audit log with filters, and a check of its hash chain. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { when } from "../../lib/format";
import { language, useT } from "../../lib/i18n";
import { useStore } from "../../lib/store";

interface Entry {
  id: string;
  seq: number;
  at: string;
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id: string };
}

export function AuditTab(props: { workspaceId: string }) {
  const t = useT();
  const lang = useStore(language);
  const base = `/api/v1/workspaces/${props.workspaceId}/audit-log`;
  const [filters, setFilters] = useState({ actor: "", action: "", target: "" });
  const [applied, setApplied] = useState(filters);
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v));
  const entries = useAsync(
    () => api<{ items: Entry[] }>(`${base}?${query}`, { workspace: false }),
    [base, query.toString()],
  );
  const [verdict, setVerdict] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof filters) => (e: Event) =>
    setFilters({ ...filters, [key]: (e.currentTarget as HTMLInputElement).value });

  async function verify() {
    setError(null);
    try {
      setVerdict(await api(`${base}/verify`, { workspace: false }));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Section
      title={t("tabAudit")}
      actions={
        <button type="button" onClick={verify}>
          {t("verifyChain")}
        </button>
      }
    >
      {verdict !== null && (
        <pre class="verdict" role="status">
          {JSON.stringify(verdict, null, 2)}
        </pre>
      )}
      <ErrorNote error={error} />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <Field label={t("actor")}>
          <input value={filters.actor} onInput={set("actor")} />
        </Field>
        <Field label={t("action")} hint="api_key.*">
          <input value={filters.action} onInput={set("action")} />
        </Field>
        <Field label={t("target")}>
          <input value={filters.target} onInput={set("target")} />
        </Field>
        <button type="submit">{t("apply")}</button>
      </form>
      <ErrorNote error={entries.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("time")}</th>
              <th scope="col">{t("actor")}</th>
              <th scope="col">{t("action")}</th>
              <th scope="col">{t("target")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.data?.items.map((e) => (
              <tr key={e.id}>
                <td>{e.seq}</td>
                <td>{when(e.at, lang)}</td>
                <td>
                  {e.actor.type} <code>{e.actor.id}</code>
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.target.type} <code>{e.target.id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
