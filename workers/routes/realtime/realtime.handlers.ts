import { getJob } from "../../jobs/jobs";
import { AppError } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./realtime.routes";

function hubOf(env: Env, workspaceId: string) {
  return env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));
}

export const socket: AppRouteHandler<typeof routes.socket> = async (c) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError(
      426,
      "upgrade_required",
      "Upgrade required",
      "Open this URL as a WebSocket.",
      {},
      { Upgrade: "websocket" },
    );
  }
  const { workspaceId, role } = c.get("membership");
  const principal = c.get("principal");
  const { since } = c.req.valid("query");
  const headers = new Headers({
    Upgrade: "websocket",
    "X-Zukai-Workspace": workspaceId,
    "X-Zukai-User": principal.userId,
    "X-Zukai-Role": role,
    "X-Zukai-Key": principal.kind === "apiKey" ? principal.keyId : "",
  });
  const url = `https://hub/ws${since === undefined ? "" : `?since=${since}`}`;
  const upgraded = await hubOf(c.env, workspaceId).fetch(new Request(url, { headers }));
  // A fresh Response, so the app's middleware can still add its headers.
  return new Response(null, {
    status: upgraded.status,
    webSocket: upgraded.webSocket,
    headers: upgraded.headers,
  }) as never;
};

export const ticket: AppRouteHandler<typeof routes.ticket> = async (c) => {
  const { workspaceId } = c.get("membership");
  const principal = c.get("principal");
  const issued = await hubOf(c.env, workspaceId).issueTicket({
    userId: principal.userId,
    keyId: principal.kind === "apiKey" ? principal.keyId : null,
  });
  return c.json({ ...issued, url: `/api/v1/workspaces/${workspaceId}/ws?ticket=${issued.ticket}` }, 201);
};

export const events: AppRouteHandler<typeof routes.events> = async (c) => {
  const { workspaceId } = c.get("membership");
  const job = await getJob(c.env, workspaceId, c.req.valid("param").id);
  const since = c.req.valid("header")["last-event-id"] ?? "0";
  const principal = c.get("principal");
  // The hub keeps who holds the stream, so a later privilege change can end it (workspaces/principal.ts).
  const headers = {
    "X-Zukai-Workspace": workspaceId,
    "X-Zukai-User": principal.userId,
    "X-Zukai-Key": principal.kind === "apiKey" ? principal.keyId : "",
  };
  const stream = await hubOf(c.env, workspaceId).fetch(
    new Request(`https://hub/sse?jobId=${job.id}&since=${since}`, { headers }),
  );
  return new Response(stream.body, { status: stream.status, headers: stream.headers }) as never;
};
