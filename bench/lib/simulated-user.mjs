// One simulated user of the load run. A user works in sessions: sign in (later sessions renew
// their tokens with the refresh token), open the workspace's
// WebSocket, submit one long text as a queued diagram job and follow it over the socket, and in
// between act about once per `thinkMs` (exponentially distributed pauses): list jobs, read a
// job, draw a short diagram, download a diagram's SVG. Every request carries the user's own
// CF-Connecting-IP, as Cloudflare would report a distinct client.
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import { jsonOf, timedFetch } from "./recorder.mjs";

const SUBJECTS = ["orders", "invoices", "recordings", "reports", "tickets", "designs", "samples", "releases"];
const ACTIONS = [
  ["GET /api/v1/jobs", 30],
  ["GET /api/v1/jobs/{id}", 30],
  ["POST /api/v1/generate-diagram (short text, 201)", 15],
  ["GET /api/v1/diagrams/{id}.svg", 25],
];
const TOTAL_WEIGHT = ACTIONS.reduce((n, [, w]) => n + w, 0);

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const exponential = (mean) => -Math.log(1 - Math.random()) * mean;

/** A short talk (a few sentences) about a random subject: drawn while the request waits. */
export function shortText() {
  const s = pick(SUBJECTS);
  return `First we collect the ${s} from every team. Then we check the ${s} for errors. If a check fails, we send the ${s} back. Finally we publish the ${s} in the weekly report.`;
}

/** A text past the synchronous limit (5,000 characters): becomes a queued diagram job. */
export function longText() {
  const parts = [];
  for (let i = 0; parts.join(" ").length < 5200; i++) {
    const s = SUBJECTS[i % SUBJECTS.length];
    parts.push(
      `Step ${i + 1}: the team reviews the ${s} and then hands the ${s} to the next group, which checks them again.`,
    );
  }
  return parts.join(" ");
}

function chooseAction() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const [name, weight] of ACTIONS) if ((r -= weight) < 0) return name;
  return ACTIONS[0][0];
}

/** Opens the workspace socket; records the handshake time and each event's hub → client delay. */
function openSocket(url, user, token, rec, onEvent) {
  const started = performance.now();
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/v1/workspaces/${user.workspaceId}/ws`, {
      headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": user.ip },
    });
    ws.once("open", () => {
      rec.record("WS connect (upgrade)", performance.now() - started);
      resolve(ws);
    });
    ws.once("error", () => {
      rec.record("WS connect (upgrade)", performance.now() - started, false);
      resolve(null);
    });
    ws.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (typeof message.seq !== "number") return;
      rec.record("WS event delivery (hub → client)", Math.max(0, Date.now() - Date.parse(message.at)));
      onEvent(message);
    });
  });
}

/** Runs one user until `until` (a performance.now() time); `rec` collects every figure. */
export async function runUser({ url, user, until, thinkMs, sessionSeconds, rec, startDelayMs }) {
  await sleep(startDelayMs);
  const jobIds = [];
  const diagramIds = [];
  let refreshToken;
  while (performance.now() < until) {
    // The first session signs in with the password; later ones renew the pair with the refresh
    // token, as a client does (a password is not typed again every half minute).
    const renewal = refreshToken
      ? await timedFetch(rec, "POST /api/v1/auth/refresh", `${url}/api/v1/auth/refresh`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": user.ip },
          body: JSON.stringify({ refreshToken }),
        })
      : await timedFetch(rec, "POST /api/v1/auth/login (PBKDF2)", `${url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": user.ip },
          body: JSON.stringify({ email: user.email, password: user.password }),
        });
    const token = jsonOf(renewal)?.accessToken;
    refreshToken = jsonOf(renewal)?.refreshToken;
    if (!token) {
      await sleep(1000);
      continue;
    }
    const auth = { Authorization: `Bearer ${token}`, "CF-Connecting-IP": user.ip };
    const following = new Map();
    const socket = await openSocket(url, user, token, rec, (event) => {
      const submitted = following.get(event.jobId);
      if (submitted === undefined || (event.type !== "job:complete" && event.type !== "job:error")) return;
      following.delete(event.jobId);
      rec.record(
        "queued diagram job: submit → job:complete on the socket",
        performance.now() - submitted,
        event.type === "job:complete",
      );
    });
    const sessionEnds = Math.min(
      until,
      performance.now() + sessionSeconds[0] * 1000 + Math.random() * (sessionSeconds[1] - sessionSeconds[0]) * 1000,
    );
    const followAt = performance.now() + (Math.random() * (sessionEnds - performance.now())) / 2;
    let followed = false;
    while (performance.now() < sessionEnds) {
      await sleep(exponential(thinkMs));
      if (performance.now() >= sessionEnds) break;
      if (!followed && performance.now() >= followAt && socket) {
        followed = true;
        const submittedAt = performance.now();
        const res = await timedFetch(
          rec,
          "POST /api/v1/generate-diagram (long text, 202 queued)",
          `${url}/api/v1/generate-diagram`,
          {
            method: "POST",
            headers: { ...auth, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
            body: JSON.stringify({ text: longText() }),
          },
        );
        const job = jsonOf(res);
        if (res?.status === 202) {
          following.set(job.id, submittedAt);
          jobIds.push(job.id);
        }
        continue;
      }
      let action = chooseAction();
      if (action !== "GET /api/v1/jobs" && jobIds.length === 0)
        action = "POST /api/v1/generate-diagram (short text, 201)";
      if (action === "GET /api/v1/jobs") {
        await timedFetch(rec, action, `${url}/api/v1/jobs?limit=20`, { headers: auth });
      } else if (action === "GET /api/v1/jobs/{id}") {
        await timedFetch(rec, action, `${url}/api/v1/jobs/${pick(jobIds)}`, { headers: auth });
      } else if (action === "GET /api/v1/diagrams/{id}.svg" && diagramIds.length > 0) {
        await timedFetch(rec, action, `${url}/api/v1/diagrams/${pick(diagramIds)}.svg`, { headers: auth });
      } else {
        const res = await timedFetch(
          rec,
          "POST /api/v1/generate-diagram (short text, 201)",
          `${url}/api/v1/generate-diagram`,
          {
            method: "POST",
            headers: { ...auth, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
            body: JSON.stringify({ text: shortText() }),
          },
        );
        const diagram = jsonOf(res);
        if (res?.status === 201) {
          diagramIds.push(diagram.id);
          jobIds.push(diagram.jobId);
        }
      }
    }
    // Jobs still followed when the session ends are not counted either way.
    socket?.close(1000, "session over");
  }
}

/** The baseline user: the same pauses, each action a GET of the bare Hono hello-world. */
export async function runBaselineUser({ url, until, thinkMs, rec, startDelayMs }) {
  await sleep(startDelayMs);
  while (performance.now() < until) {
    await sleep(exponential(thinkMs));
    await timedFetch(rec, "baseline: GET / (bare Hono hello)", `${url}/`);
  }
}
