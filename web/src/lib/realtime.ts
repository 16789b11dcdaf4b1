/**
 * One WebSocket per active workspace, shared by every page, through the same client the CLI
 * uses (contracts/realtime-client.ts): single-use tickets, pings, reconnect with jittered backoff and
 * resume with `since`, so pages see each event once and in order.
 */
import { useEffect } from "preact/hooks";
import {
  connectRealtime,
  type RealtimeConnection,
  type RealtimeStatus,
  type ResyncNotice,
} from "../../../contracts/realtime-client";
import type { SequencedEvent } from "../../../durable-objects/workspace-hub/protocol";
import { api } from "./api";
import { createStore } from "./store";

export type { SequencedEvent };

type Listener = { onEvent(event: SequencedEvent): void; onResync?(notice: ResyncNotice): void };

export const realtimeStatus = createStore<RealtimeStatus["state"]>("closed");
const listeners = new Set<Listener>();
let connection: { workspaceId: string; socket: RealtimeConnection } | null = null;

/** Opens (or keeps) the socket of `workspaceId`; closes the previous workspace's. */
export function connectWorkspace(workspaceId: string | null): void {
  if (connection?.workspaceId === workspaceId) return;
  connection?.socket.close();
  connection = null;
  if (!workspaceId) return;
  const socket = connectRealtime({
    baseUrl: location.origin,
    workspaceId,
    auth: {
      ticketProvider: async () =>
        (
          await api<{ ticket: string }>(`/api/v1/workspaces/${workspaceId}/ws-ticket`, {
            method: "POST",
            workspace: false,
          })
        ).ticket,
    },
    onEvent: (event) => listeners.forEach((l) => l.onEvent(event)),
    onResync: (notice) => listeners.forEach((l) => l.onResync?.(notice)),
    onStatus: (status) => realtimeStatus.set(status.state),
  });
  connection = { workspaceId, socket };
}

/** Calls `onEvent` for every event of the active workspace while the component is mounted. */
export function useWorkspaceEvents(
  onEvent: (event: SequencedEvent) => void,
  onResync?: () => void,
  deps: unknown[] = [],
): void {
  useEffect(() => {
    const listener: Listener = { onEvent, onResync };
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, deps);
}
