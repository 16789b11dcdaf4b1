/**
 * The diagram with its type switcher (the detector's ranked alternatives first) and, for members
 * who may edit, the label and edge editor. Both save through PATCH /diagrams/{id}, which lays the
 * diagram out and renders it again.
 */
import { useState } from "preact/hooks";
import { DIAGRAM_TYPES } from "../../../../contracts/diagram-types";
import { ErrorNote, Field, useAsync } from "../../components/ui";
import { api, request } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { type DiagramData, DiagramEditor } from "./diagram-editor";
import { DiagramView } from "./diagram-view";

interface Diagram {
  id: string;
  type: string;
  title: string;
  revision: number;
  detection: { type?: string; confidence?: number; alternatives?: { type: string; confidence: number }[] };
  data: DiagramData;
}

async function loadDiagram(id: string): Promise<{ diagram: Diagram; etag: string; svg: string }> {
  const res = await request(`/api/v1/diagrams/${id}`);
  const diagram = (await res.json()) as Diagram;
  const svg = await (await request(`/api/v1/diagrams/${id}.svg`)).text();
  return { diagram, etag: res.headers.get("ETag") ?? "", svg };
}

export function DiagramPanel(props: { diagramId: string; canEdit: boolean }) {
  const t = useT();
  const loaded = useAsync(() => loadDiagram(props.diagramId), [props.diagramId]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(data: DiagramData) {
    await api(`/api/v1/diagrams/${props.diagramId}`, {
      method: "PATCH",
      json: data,
      headers: { "If-Match": loaded.data!.etag },
    });
    loaded.setData(await loadDiagram(props.diagramId));
  }

  async function switchType(type: string) {
    setBusy(true);
    setError(null);
    try {
      await save({ ...loaded.data!.diagram.data, type });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!loaded.data) return <p aria-busy="true">{t("loading")}</p>;
  const { diagram, svg } = loaded.data;
  const detection = diagram.detection;
  const ranked = [detection.type, ...(detection.alternatives ?? []).map((a) => a.type)].filter((x): x is string => !!x);
  const confidence = new Map([
    [detection.type, detection.confidence],
    ...(detection.alternatives ?? []).map((a) => [a.type, a.confidence] as const),
  ]);
  const types = [...new Set([...ranked, ...DIAGRAM_TYPES])];

  return (
    <div>
      <div class="row">
        <Field label={t("diagramType")}>
          <select
            value={diagram.type}
            disabled={!props.canEdit || busy}
            onChange={(e) => void switchType(e.currentTarget.value)}
            data-testid="type-switcher"
          >
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
                {confidence.get(type) !== undefined ? ` (${Math.round(confidence.get(type)! * 100)}%)` : ""}
                {type === detection.type ? ` · ${t("recommended")}` : ""}
              </option>
            ))}
          </select>
        </Field>
        <span class="muted small">
          {t("revision")} {diagram.revision}
        </span>
        {props.canEdit && (
          <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)} data-testid="edit-diagram">
            {editing ? t("closeEditor") : t("editDiagram")}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      <DiagramView svg={svg} title={diagram.title} />
      {editing && <DiagramEditor data={diagram.data} onSave={save} />}
    </div>
  );
}
