/**
 * The workspace the console acts in and what the signed-in member may do there. The permission
 * list comes from GET /workspaces/{id}; the console offers only what it grants (the API refuses
 * the rest anyway).
 */
import { useEffect } from "preact/hooks";
import { api, currentWorkspaceId, session } from "./api";
import { createStore, useStore } from "./store";

export interface Workspace {
  id: string;
  name: string;
  kind: "personal" | "team";
  plan: string;
  role: string;
  permissions?: string[];
}

export const workspaces = createStore<Workspace[]>([]);
export const activeWorkspace = createStore<Workspace | null>(null);

/** Reloads the list of workspaces and the active one with its permissions. */
export async function loadWorkspaces(): Promise<void> {
  const id = currentWorkspaceId.get();
  const [list, current] = await Promise.all([
    api<{ items: Workspace[] }>("/api/v1/workspaces?limit=100", { workspace: false }),
    id ? api<Workspace>(`/api/v1/workspaces/${id}`, { workspace: false }).catch(() => null) : Promise.resolve(null),
  ]);
  workspaces.set(list.items);
  if (!current && list.items[0] && session.get().user) {
    // The remembered workspace is gone (removed from it): fall back to the personal one.
    currentWorkspaceId.set(session.get().user!.personalWorkspaceId);
    return loadWorkspaces();
  }
  activeWorkspace.set(current);
}

/** The active workspace and a permission check, reloaded when the workspace changes. */
export function useWorkspace(): { workspace: Workspace | null; can(permission: string): boolean } {
  const id = useStore(currentWorkspaceId);
  const workspace = useStore(activeWorkspace);
  useEffect(() => {
    if (id && workspace?.id !== id) void loadWorkspaces();
  }, [id]);
  const granted = new Set(workspace?.permissions ?? []);
  return { workspace, can: (permission) => granted.has(permission) };
}
