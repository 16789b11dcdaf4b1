/** Built-in and custom roles with their permissions as checkboxes; custom roles can be created and changed. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { useWorkspace } from "../../lib/workspace";

interface Role {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
}

function PermissionBoxes(props: {
  all: string[];
  chosen: Set<string>;
  disabled: boolean;
  onToggle(p: string): void;
  idPrefix: string;
}) {
  return (
    <div class="checks">
      {props.all.map((p) => (
        <label key={p} class="check">
          <input
            type="checkbox"
            checked={props.chosen.has(p)}
            disabled={props.disabled}
            onChange={() => props.onToggle(p)}
            id={`${props.idPrefix}-${p}`}
          />
          <code>{p}</code>
        </label>
      ))}
    </div>
  );
}

function RoleCard(props: { role: Role; all: string[]; editable: boolean; base: string; onSaved(): void }) {
  const t = useT();
  const [chosen, setChosen] = useState(new Set(props.role.permissions));
  const [error, setError] = useState<unknown>(null);
  const toggle = (p: string) => {
    const next = new Set(chosen);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setChosen(next);
  };
  async function save() {
    setError(null);
    try {
      await api(`${props.base}/roles/${props.role.id}`, {
        method: "PATCH",
        json: { permissions: [...chosen] },
        workspace: false,
      });
      props.onSaved();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <details class="role">
      <summary>
        <strong>{props.role.name}</strong>{" "}
        {props.role.builtIn ? <span class="tag">{t("builtIn")}</span> : <span class="tag">{t("custom")}</span>}{" "}
        <span class="muted small">{t("permissionCount", { n: props.role.permissions.length })}</span>
      </summary>
      <PermissionBoxes
        all={props.all}
        chosen={chosen}
        disabled={!props.editable || props.role.builtIn}
        onToggle={toggle}
        idPrefix={props.role.id}
      />
      {props.editable && !props.role.builtIn && (
        <button type="button" onClick={save}>
          {t("save")}
        </button>
      )}
      <ErrorNote error={error} />
    </details>
  );
}

export function RolesTab(props: { workspaceId: string }) {
  const t = useT();
  const { can, workspace } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}`;
  const roles = useAsync(
    () => api<{ items: Role[]; permissions: string[] }>(`${base}/roles`, { workspace: false }),
    [base],
  );
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState(new Set<string>());
  const [error, setError] = useState<unknown>(null);
  const mine = new Set(workspace?.permissions ?? []);

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api(`${base}/roles`, { json: { name, permissions: [...chosen] }, workspace: false });
      setName("");
      setChosen(new Set());
      roles.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Section title={t("tabRoles")}>
        <ErrorNote error={roles.error} />
        {roles.data?.items.map((r) => (
          <RoleCard
            key={`${r.id}:${r.permissions.join()}`}
            role={r}
            all={roles.data!.permissions}
            editable={can("roles:manage")}
            base={base}
            onSaved={roles.reload}
          />
        ))}
      </Section>
      {can("roles:manage") && roles.data && (
        <Section title={t("newRole")}>
          <form onSubmit={create}>
            <Field label={t("name")}>
              <input required maxLength={64} value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <fieldset>
              <legend>{t("permissions")}</legend>
              <PermissionBoxes
                all={roles.data.permissions.filter((p) => mine.has(p))}
                chosen={chosen}
                disabled={false}
                idPrefix="new"
                onToggle={(p) => {
                  const next = new Set(chosen);
                  if (next.has(p)) next.delete(p);
                  else next.add(p);
                  setChosen(next);
                }}
              />
            </fieldset>
            <ErrorNote error={error} />
            <button type="submit" class="primary">
              {t("create")}
            </button>
          </form>
        </Section>
      )}
    </>
  );
}
