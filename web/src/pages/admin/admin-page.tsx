/** Workspace administration, one tab per concern; a tab shows only if the member may use it. */
import { type MessageKey, useT } from "../../lib/i18n";
import { href } from "../../lib/router";
import { useWorkspace } from "../../lib/workspace";
import { AlertsTab } from "./alerts";
import { ApiKeysTab } from "./api-keys";
import { AuditTab } from "./audit";
import { BillingTab } from "./billing";
import { GlossaryTab } from "./glossary";
import { MembersTab } from "./members";
import { RolesTab } from "./roles";

const TABS: {
  id: string;
  label: MessageKey;
  permission: string;
  Component: (props: { workspaceId: string }) => preact.JSX.Element;
}[] = [
  { id: "members", label: "tabMembers", permission: "members:read", Component: MembersTab },
  { id: "roles", label: "tabRoles", permission: "roles:read", Component: RolesTab },
  { id: "glossary", label: "tabGlossary", permission: "workspace:read", Component: GlossaryTab },
  { id: "api-keys", label: "tabApiKeys", permission: "apikeys:manage", Component: ApiKeysTab },
  { id: "audit", label: "tabAudit", permission: "audit:read", Component: AuditTab },
  { id: "billing", label: "tabBilling", permission: "usage:read", Component: BillingTab },
  { id: "alerts", label: "tabAlerts", permission: "alerts:read", Component: AlertsTab },
];

export function AdminPage(props: { tab: string }) {
  const t = useT();
  const { workspace, can } = useWorkspace();
  if (!workspace) return <p aria-busy="true">{t("loading")}</p>;
  const tabs = TABS.filter((tab) => can(tab.permission));
  const active = tabs.find((tab) => tab.id === props.tab) ?? tabs[0];
  return (
    <>
      <h1>
        {t("navAdmin")} · {workspace.name}
      </h1>
      <nav aria-label={t("adminSections")} class="subnav">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.id}>
              <a href={href(`/admin/${tab.id}`)} aria-current={tab === active ? "page" : undefined}>
                {t(tab.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {active && <active.Component workspaceId={workspace.id} />}
    </>
  );
}
