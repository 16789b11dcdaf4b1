/**
 * A simple editor for the diagram's node labels and edges. Saving sends the whole edited
 * DiagramData through PATCH /diagrams/{id} with If-Match, so a concurrent edit is refused (412)
 * instead of lost; the platform validates, lays it out and renders it again.
 */
import { useEffect, useState } from "preact/hooks";
import { ErrorNote } from "../../components/ui";
import { useT } from "../../lib/i18n";

export interface DiagramNode {
  id: string;
  label: string;
}
export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  label?: string;
  kind: string;
}
export interface DiagramData {
  type: string;
  title: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  [key: string]: unknown;
}

export function DiagramEditor(props: { data: DiagramData; onSave(data: DiagramData): Promise<void> }) {
  const t = useT();
  const [draft, setDraft] = useState(props.data);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(props.data), [props.data]);

  const setNode = (id: string, label: string) =>
    setDraft({ ...draft, nodes: draft.nodes.map((n) => (n.id === id ? { ...n, label } : n)) });
  const setEdge = (id: string, change: Partial<DiagramEdge>) =>
    setDraft({ ...draft, edges: draft.edges.map((e) => (e.id === id ? { ...e, ...change } : e)) });
  const removeEdge = (id: string) => setDraft({ ...draft, edges: draft.edges.filter((e) => e.id !== id) });
  function addEdge() {
    const [from, to] = draft.nodes;
    if (!from || !to) return;
    let n = draft.edges.length + 1;
    while (draft.edges.some((e) => e.id === `e${n}`)) n += 1;
    setDraft({ ...draft, edges: [...draft.edges, { id: `e${n}`, from: from.id, to: to.id, kind: "relation" }] });
  }

  async function save(event: Event) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      // An emptied edge label means "no label": the schema wants a label of one character or more.
      await props.onSave({ ...draft, edges: draft.edges.map(({ label, ...e }) => (label ? { ...e, label } : e)) });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const nodeOptions = draft.nodes.map((n) => (
    <option key={n.id} value={n.id}>
      {n.label}
    </option>
  ));
  return (
    <form class="editor" onSubmit={save} aria-label={t("editDiagram")}>
      <fieldset>
        <legend>{t("nodes")}</legend>
        {draft.nodes.map((n) => (
          <label key={n.id} class="field">
            <span class="field-label">
              {t("nodeLabel")} <code>{n.id}</code>
            </span>
            <input
              required
              maxLength={160}
              value={n.label}
              data-node-id={n.id}
              onInput={(e) => setNode(n.id, e.currentTarget.value)}
            />
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("edges")}</legend>
        {draft.edges.map((e) => (
          <div key={e.id} class="edge-row">
            <label>
              <span class="sr-only">{t("edgeFrom", { id: e.id })}</span>
              <select value={e.from} onChange={(ev) => setEdge(e.id, { from: ev.currentTarget.value })}>
                {nodeOptions}
              </select>
            </label>
            <span aria-hidden="true">→</span>
            <label>
              <span class="sr-only">{t("edgeTo", { id: e.id })}</span>
              <select value={e.to} onChange={(ev) => setEdge(e.id, { to: ev.currentTarget.value })}>
                {nodeOptions}
              </select>
            </label>
            <label>
              <span class="sr-only">{t("edgeLabel", { id: e.id })}</span>
              <input
                placeholder={t("edgeLabelPlaceholder")}
                maxLength={60}
                value={e.label ?? ""}
                onInput={(ev) => setEdge(e.id, { label: ev.currentTarget.value })}
              />
            </label>
            <button
              type="button"
              class="link"
              onClick={() => removeEdge(e.id)}
              aria-label={t("removeEdge", { id: e.id })}
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" onClick={addEdge}>
          {t("addEdge")}
        </button>
      </fieldset>
      <ErrorNote error={error} />
      <button type="submit" class="primary" disabled={saving} data-testid="save-diagram">
        {saving ? t("saving") : t("saveDiagram")}
      </button>
    </form>
  );
}
