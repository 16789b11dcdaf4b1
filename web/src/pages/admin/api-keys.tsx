/** API keys: list, revoke, and create — the secret is shown once, right after creation. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { when } from "../../lib/format";
import { language, useT } from "../../lib/i18n";
import { useStore } from "../../lib/store";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysTab(props: { workspaceId: string }) {
  const t = useT();
  const lang = useStore(language);
  const base = `/api/v1/workspaces/${props.workspaceId}/api-keys`;
  const keys = useAsync(() => api<{ items: ApiKey[] }>(`${base}?limit=100`, { workspace: false }), [base]);
  const [name, setName] = useState("");
  const [role, setRole] = useState("editor");
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<{ key: string }>(base, { json: { name, role }, workspace: false });
      setSecret(created.key);
      setName("");
      keys.reload();
    } catch (e) {
      setError(e);
    }
  }

  async function revoke(id: string) {
    try {
      await api(`${base}/${id}`, { method: "DELETE", workspace: false });
      keys.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Section title={t("newApiKey")}>
        <form class="row" onSubmit={create}>
          <Field label={t("name")}>
            <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field label={t("role")}>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              {["admin", "editor", "viewer"].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </Field>
          <button type="submit" class="primary">
            {t("create")}
          </button>
        </form>
        {secret && (
          <div class="note" role="status">
            <p>{t("keyShownOnce")}</p>
            <code class="secret" data-testid="new-api-key">
              {secret}
            </code>{" "}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
              {t("copy")}
            </button>{" "}
            <button type="button" class="link" onClick={() => setSecret(null)}>
              {t("done")}
            </button>
          </div>
        )}
        <ErrorNote error={error} />
      </Section>
      <Section title={t("tabApiKeys")}>
        <ErrorNote error={keys.error} />
        <ul class="list">
          {keys.data?.items.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>{k.prefix}…</code> · {k.role} · {t("lastUsed")} {when(k.lastUsedAt, lang)}{" "}
              {k.revokedAt ? (
                <span class="tag">{t("revoked")}</span>
              ) : (
                <button type="button" class="link danger" onClick={() => void revoke(k.id)}>
                  {t("revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
