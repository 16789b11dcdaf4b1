/** The workspace glossary: terms and how they are said; add, edit inline and delete with glossary:manage. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { useWorkspace } from "../../lib/workspace";

interface GlossaryTerm {
  id: string;
  term: string;
  spokenForms: string[];
  createdAt: string;
  updatedAt: string;
}

/** Comma-separated spoken forms (ASCII, full-width or Japanese commas) as a list, blanks dropped. */
const parseForms = (text: string) =>
  text
    .split(/[,，、]/)
    .map((form) => form.trim())
    .filter(Boolean);

function TermRow(props: { item: GlossaryTerm; editable: boolean; base: string; onChanged(): void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [term, setTerm] = useState(props.item.term);
  const [forms, setForms] = useState(props.item.spokenForms.join(", "));
  const [error, setError] = useState<unknown>(null);

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api(`${props.base}/${props.item.id}`, {
        method: "PATCH",
        json: { term, spokenForms: parseForms(forms) },
        workspace: false,
      });
      setEditing(false);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }

  async function remove() {
    if (!window.confirm(t("confirmDeleteTerm", { term: props.item.term }))) return;
    setError(null);
    try {
      await api(`${props.base}/${props.item.id}`, { method: "DELETE", workspace: false });
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }

  function cancel() {
    setTerm(props.item.term);
    setForms(props.item.spokenForms.join(", "));
    setError(null);
    setEditing(false);
  }

  const formId = `edit-${props.item.id}`;
  return (
    <>
      <tr>
        {editing ? (
          <>
            <td>
              <label>
                <span class="sr-only">{t("term")}</span>
                <input
                  form={formId}
                  required
                  maxLength={80}
                  value={term}
                  onInput={(e) => setTerm(e.currentTarget.value)}
                />
              </label>
            </td>
            <td>
              <label>
                <span class="sr-only">{t("spokenForms")}</span>
                <input form={formId} value={forms} onInput={(e) => setForms(e.currentTarget.value)} />
              </label>
            </td>
            <td>
              <form id={formId} onSubmit={save}>
                <button type="submit" class="link">
                  {t("save")}
                </button>
                <button type="button" class="link" onClick={cancel}>
                  {t("cancelEdit")}
                </button>
              </form>
            </td>
          </>
        ) : (
          <>
            <td>
              <strong>{props.item.term}</strong>
            </td>
            <td>{props.item.spokenForms.join(", ")}</td>
            {props.editable && (
              <td>
                <button type="button" class="link" onClick={() => setEditing(true)}>
                  {t("edit")}
                </button>
                <button type="button" class="link danger" onClick={() => void remove()}>
                  {t("delete")}
                </button>
              </td>
            )}
          </>
        )}
      </tr>
      {error != null && (
        <tr>
          <td colSpan={3}>
            <ErrorNote error={error} />
          </td>
        </tr>
      )}
    </>
  );
}

export function GlossaryTab(props: { workspaceId: string }) {
  const t = useT();
  const { can } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}/glossary`;
  const terms = useAsync(() => api<{ items: GlossaryTerm[] }>(base, { workspace: false }), [base]);
  const [term, setTerm] = useState("");
  const [forms, setForms] = useState("");
  const [error, setError] = useState<unknown>(null);
  const editable = can("glossary:manage");

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api(base, { json: { term, spokenForms: parseForms(forms) }, workspace: false });
      setTerm("");
      setForms("");
      terms.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Section title={t("tabGlossary")}>
        <p class="muted">{t("glossaryIntro")}</p>
        <ErrorNote error={terms.error} />
        {terms.data?.items.length === 0 && <p>{t("noTerms")}</p>}
        {!!terms.data?.items.length && (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("term")}</th>
                  <th scope="col">{t("spokenForms")}</th>
                  {editable && <th scope="col">{t("actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {terms.data.items.map((item) => (
                  <TermRow
                    key={`${item.id}:${item.updatedAt}`}
                    item={item}
                    editable={editable}
                    base={base}
                    onChanged={terms.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {editable && (
        <Section title={t("newTerm")}>
          <form class="row" onSubmit={create}>
            <Field label={t("term")}>
              <input required maxLength={80} value={term} onInput={(e) => setTerm(e.currentTarget.value)} />
            </Field>
            <Field label={t("spokenForms")} hint={t("spokenFormsHint")}>
              <input value={forms} onInput={(e) => setForms(e.currentTarget.value)} />
            </Field>
            <button type="submit" class="primary">
              {t("add")}
            </button>
          </form>
          <ErrorNote error={error} />
        </Section>
      )}
    </>
  );
}
