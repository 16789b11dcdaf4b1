/** Plan, quota meters, usage and the invoice preview of the workspace. */
import { ErrorNote, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { useWorkspace } from "../../lib/workspace";
import { findMeters, JsonView } from "./json-view";

export function BillingTab(props: { workspaceId: string }) {
  const t = useT();
  const { workspace, can } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}`;
  const quota = useAsync(() => api(`${base}/quota`, { workspace: false }), [base]);
  const usage = useAsync(() => api(`${base}/usage`, { workspace: false }), [base]);
  const invoice = useAsync(
    () => (can("billing:read") ? api(`${base}/billing/invoice-preview`, { workspace: false }) : Promise.resolve(null)),
    [base],
  );
  const meters = findMeters(quota.data);
  return (
    <>
      <Section title={t("plan")}>
        <p>
          {t("plan")}: <strong data-testid="plan">{workspace?.plan}</strong>
        </p>
      </Section>
      <Section title={t("quota")}>
        <ErrorNote error={quota.error} />
        {meters.map((m) => (
          <div key={m.name} class="meter-row">
            <label>
              <span>{m.name}</span>
              <meter min={0} max={Math.max(m.limit, 1)} value={m.used} high={m.limit * 0.8} optimum={0} />
            </label>
            <span class="muted small">
              {m.used} / {m.limit}
            </span>
          </div>
        ))}
        {meters.length === 0 && quota.data !== undefined && <JsonView value={quota.data} />}
      </Section>
      <Section title={t("usage")}>
        <ErrorNote error={usage.error} />
        {usage.data !== undefined && <JsonView value={usage.data} />}
      </Section>
      {can("billing:read") && (
        <Section title={t("invoicePreview")}>
          <ErrorNote error={invoice.error} />
          {invoice.data != null && <JsonView value={invoice.data} />}
        </Section>
      )}
    </>
  );
}
