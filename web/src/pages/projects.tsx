/** The workspace's projects: list and create. */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../components/ui";
import { api, currentWorkspaceId } from "../lib/api";
import { when } from "../lib/format";
import { language, useT } from "../lib/i18n";
import { href } from "../lib/router";
import { useStore } from "../lib/store";
import { useWorkspace } from "../lib/workspace";

export interface Project {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export function ProjectsPage() {
  const t = useT();
  const lang = useStore(language);
  const workspaceId = useStore(currentWorkspaceId);
  const { can } = useWorkspace();
  const projects = useAsync(() => api<{ items: Project[] }>("/api/v1/projects?limit=100"), [workspaceId]);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api("/api/v1/projects", { json: { name, description } });
      setName("");
      setDescription("");
      projects.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <h1>{t("navProjects")}</h1>
      {can("projects:create") && (
        <Section title={t("newProject")}>
          <form class="row" onSubmit={create}>
            <Field label={t("name")}>
              <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <Field label={t("description")}>
              <input maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
            </Field>
            <button type="submit" class="primary">
              {t("create")}
            </button>
          </form>
          <ErrorNote error={error} />
        </Section>
      )}
      <Section title={t("allProjects")}>
        <ErrorNote error={projects.error} />
        {projects.data?.items.length === 0 && <p class="muted">{t("noProjects")}</p>}
        <ul class="list">
          {projects.data?.items.map((p) => (
            <li key={p.id}>
              <a href={href(`/jobs?project=${p.id}`)}>{p.name}</a>
              <span class="muted"> {p.description}</span>
              <span class="muted small"> · {when(p.createdAt, lang)}</span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
