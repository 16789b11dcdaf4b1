// The `npm run bench` rows that leave bench/results/<row>.json (bench/lib/results.mjs): their
// tables as printed, and per row what the figure means on Cloudflare, judged from its raw numbers.
import { commandLine, int, notRun, num, table, verdict } from "./format.mjs";
import { hubRow, socketsHeld, TARGET } from "./targets.mjs";

/** Per row: its heading and what its figures mean in production (computed from `figures`). */
const MEANING = {
  api: {
    heading: "API: one authenticated read",
    meaning: (f) => {
      const m = f.measurements.find((x) => x.connections >= TARGET.users) ?? f.measurements.at(-1);
      return `autocannon keeps every connection busy back to back with no pause, so ${m.connections} connections is a far heavier load than ${m.connections} people. At that load the read (JWT verification + one D1 query) answered p95 ${num(m.ours.p95)} ms against the hello-world baseline's ${num(m.baseline.p95)} ms and a bare Worker doing one D1 read at ${num(m.floor.p95)} ms: the target of p95 < ${TARGET.p95Ms} ms is ${verdict(m.ours.p95 < TARGET.p95Ms)} here. Locally D1 is SQLite in the same process; on Cloudflare the query is a round trip to the database's primary (or a nearby read replica), which adds network time but takes the query off the Worker's CPU, and each request has its own isolate instead of sharing this machine's cores.`;
    },
  },
  ratelimit: {
    heading: "Rate limits: the per-request check",
    meaning: (f) => {
      const one = f.measurements.find((m) => m.keys === 1 && m.connections === 1);
      const many = f.measurements.find((m) => m.keys > 1);
      const added = (m) => num(m.limited.p50 - m.baseline.p50);
      return `Every request makes one call to its workspace's RateLimiter Durable Object, which holds the workspace's bucket and its credentials' buckets and takes from them all or nothing. Here that added ${one ? `${added(one)} ms p50 on an idle connection` : "–"}${many ? ` and ${added(many)} ms p50 with ${many.connections} connections over ${many.keys} keys` : ""}, with the object in the same process; on Cloudflare it is a call to an object that may sit in another location, so the network part can be larger, while the CPU part is spread over many machines. One workspace's object is single-threaded, so one workspace's throughput is bounded by one object (the 1-key rows), and many workspaces spread over many objects.`;
    },
  },
  authz: {
    heading: "Authorisation: the permission check",
    meaning: (f) => {
      const [base, refused] = f.request.measurements;
      return `The check itself is a Set lookup on the loaded membership (${num(f.check.setLookupNs, 0)} ns per call, the whole middleware ${num(f.check.requirePermissionNs, 0)} ns). On a request, authentication and reading the membership cost ${refused && base ? num(refused.p50 - base.p50, 2) : "–"} ms p50 over an unauthenticated /healthz here; on Cloudflare that part is dominated by the D1 round trip for the membership, not by the check.`;
    },
  },
  metrics: {
    heading: "Metrics: what collecting them costs",
    meaning: (f) => {
      const worst = f.measurements.reduce((w, m) => (w == null || m.p95AddedMs > w ? m.p95AddedMs : w), null);
      return `Counters are batched per isolate and flushed off the request path (waitUntil) to sharded Durable Objects, and one Analytics Engine point is written per request without waiting for it. The most p95 added in this run was ${num(worst, 2)} ms (target < 1 ms: ${verdict(worst == null ? null : worst < 1)}), and the in-process cost on the request path ${num(f.recordingMicros)} µs (target < 1,000 µs: ${verdict(f.recordingMicros < 1000)}). On a shared 2-core machine the load-test figure is mostly noise around zero; the in-process figure is the one that carries over to production.`;
    },
  },
  fanout: {
    heading: "Fan-out: broadcasts to 100 and 1,000 sockets",
    meaning: (f) => {
      const hub = hubRow(f.rows);
      const judged = hub
        ? `At ${int(hub.sockets)} sockets the hub delivered p95 ${num(hub.p95)} ms (< ${TARGET.realtimeMs} ms: ${verdict(hub.p95 < TARGET.realtimeMs)}) and the connection target is ${verdict(socketsHeld(hub))} (${int(hub.held)}/${int(hub.sockets)} held, ${hub.drops} drops, ${int(hub.delivered)}/${int(hub.expected)} frames).`
        : `No row reached ${int(TARGET.connections)} sockets.`;
      return `${judged} A workspace's hub is one single-threaded Durable Object in production as here, so sending one frame to every socket is the same serial loop; the floor row (a bare relay) shows what the runtime itself costs for that loop on this machine. On Cloudflare, sockets idle between broadcasts cost no duration (hibernation), and other workspaces' hubs are separate objects that do not slow this one down.`;
    },
  },
};

/** The rows in `npm run bench` order, then any other row that left a results file. */
export const ROW_ORDER = ["api", "ratelimit", "authz", "metrics", "fanout"];

/** One row's section: its tables, notes and meaning; "not run" when its file is missing. */
export function rowSection(name, result) {
  const spec = MEANING[name] ?? { heading: name };
  const command = `npm run bench -- ${name}`;
  const out = [`### ${spec.heading}`, ""];
  if (!result) return [...out, notRun(command, `${name}.json`), ""].join("\n");
  const env = Object.entries(result.run.env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  out.push(commandLine(command, result.run, env ? `; environment ${env}` : ""), "");
  for (const t of result.tables) out.push(`**${t.title}**`, "", table(t.columns, t.rows), "");
  for (const note of result.notes ?? []) out.push(`- ${note}`);
  if (result.notes?.length) out.push("");
  if (spec.meaning) {
    let text;
    try {
      text = spec.meaning(result.figures);
    } catch (error) {
      // A results file from an older version of the row: show its tables, say why there is no reading.
      text = `(No reading: this results file lacks the figures the report expects — ${error.message}. Re-run \`${command}\`.)`;
    }
    out.push(text, "");
  }
  return out.join("\n");
}
