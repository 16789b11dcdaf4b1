/** The workspace's projects as a select, shared by the new-job form and the jobs filter. */
import { useAsync } from "../components/ui";
import { api, currentWorkspaceId } from "../lib/api";
import { useStore } from "../lib/store";
import type { Project } from "./projects";

/** A select of the current workspace's projects; `emptyLabel` names the "" choice. */
export function ProjectSelect(props: { value: string; emptyLabel: string; onChange: (projectId: string) => void }) {
  const workspaceId = useStore(currentWorkspaceId);
  const projects = useAsync(() => api<{ items: Project[] }>("/api/v1/projects?limit=100"), [workspaceId]);
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      <option value="">{props.emptyLabel}</option>
      {projects.data?.items.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
