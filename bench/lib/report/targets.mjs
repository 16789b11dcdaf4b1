// The product plan's targets, judged from the results files: 100 concurrent users at P95 < 100 ms,
// < 50 ms real-time latency, 1,000+ connections, 99.9 % reliability with no data loss. Every
// verdict is computed here from the figures; nothing is typed in.
import { int, num, pct, verdict } from "./format.mjs";

export const TARGET = { users: 100, p95Ms: 100, realtimeMs: 50, connections: 1000, reliability: 0.999 };

/** The load run's HTTP rows (and the WebSocket handshake), as opposed to delivery timings. */
export const isRequest = (row) => /^(GET|POST|PUT|PATCH|DELETE|WS connect)\b/.test(row.name);
/** Sign-in hashes the password on purpose (PBKDF2): judged apart from the latency target. */
export const isSignIn = (row) => /auth\/login/.test(row.name);
export const isDelivery = (row) => /^WS event delivery/.test(row.name);

/** The hub row of a fan-out measurement with at least `sockets` sockets (the largest one). */
export function hubRow(rows, sockets = TARGET.connections) {
  return (rows ?? [])
    .filter((r) => !/^floor/.test(r.name) && r.sockets >= sockets)
    .sort((a, b) => b.sockets - a.sockets)[0];
}

/** The fan-out row's connection verdict: all held, none dropped, every broadcast delivered. */
export const socketsHeld = (r) => r.held === r.sockets && r.drops === 0 && r.delivered === r.expected;

function slowest(rows) {
  return rows.reduce((worst, r) => (!worst || r.p95 > worst.p95 ? r : worst), null);
}

/** Load run: the users target, judged on every request but sign-in. */
export function usersTarget(load) {
  const rows = load.endpoints.filter((r) => isRequest(r) && !isSignIn(r));
  const worst = slowest(rows);
  const signIn = load.endpoints.find(isSignIn);
  const ok = worst ? load.params.users >= TARGET.users && worst.p95 < TARGET.p95Ms : null;
  const measured = worst
    ? `${load.params.users} users: slowest p95 ${num(worst.p95)} ms (${worst.name})`
    : "no request rows";
  const note = signIn ? `sign-in apart: p95 ${num(signIn.p95)} ms` : "";
  return { ok, worst, measured: [measured, note].filter(Boolean).join("; ") };
}

/** Load run: share of all requests (sign-in included) answered without error. */
export function requestReliability(load) {
  const rows = load.endpoints.filter(isRequest);
  const total = rows.reduce((n, r) => n + r.count, 0);
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  return { total, errors, share: total ? (total - errors) / total : NaN };
}

/** Every target row: [target, measured, verdict, source]. */
export function targetRows(results) {
  const { load, chaos, api, fanout } = results;
  const rows = [];
  const add = (target, ok, measured, source) => rows.push([target, measured, verdict(ok), source]);
  const latency = `${TARGET.users} concurrent users, P95 < ${TARGET.p95Ms} ms`;
  const realtime = `real-time latency < ${TARGET.realtimeMs} ms (p95)`;
  const connections = `${int(TARGET.connections)}+ connections`;

  if (load) {
    const users = usersTarget(load);
    add(latency, users.ok, users.measured, "load.json");
  } else add(latency, null, "load run not present", "load.json");
  const authRead = api?.figures?.measurements?.find((m) => m.connections >= TARGET.users);
  if (authRead)
    add(
      `${latency} (closed loop)`,
      authRead.ours.p95 < TARGET.p95Ms,
      `${authRead.connections} connections back to back: GET /workspaces/{id} p95 ${num(authRead.ours.p95)} ms`,
      "api.json",
    );

  const delivery = load?.endpoints.find(isDelivery);
  if (delivery)
    add(
      realtime,
      delivery.p95 < TARGET.realtimeMs,
      `event hub → client p95 ${num(delivery.p95)} ms under the user load`,
      "load.json",
    );
  const loadHub = hubRow(load?.fanout);
  const rowHub = hubRow(fanout?.figures?.rows);
  for (const [hub, source] of [
    [loadHub, "load.json"],
    [rowHub, "fanout.json"],
  ]) {
    if (hub)
      add(
        realtime,
        hub.p95 < TARGET.realtimeMs,
        `broadcast to ${int(hub.sockets)} sockets: p95 ${num(hub.p95)} ms`,
        source,
      );
  }
  if (!delivery && !loadHub && !rowHub) add(realtime, null, "no delivery timing present", "load.json / fanout.json");

  for (const [hub, source] of [
    [loadHub, "load.json"],
    [rowHub, "fanout.json"],
  ]) {
    if (hub)
      add(
        connections,
        socketsHeld(hub),
        `${int(hub.held)}/${int(hub.sockets)} held, ${hub.drops} dropped, ${int(hub.delivered)}/${int(hub.expected)} frames delivered`,
        source,
      );
  }
  if (!loadHub && !rowHub)
    add(
      connections,
      null,
      load?.fanoutError ? `not measured: ${load.fanoutError}` : "no fan-out of that size present",
      "load.json / fanout.json",
    );

  if (load) {
    const r = requestReliability(load);
    add(
      `${pct(TARGET.reliability, 1)} of requests succeed`,
      r.total ? r.share >= TARGET.reliability : null,
      `${pct(r.share)} (${int(r.errors)} errors in ${int(r.total)} requests)`,
      "load.json",
    );
  }
  if (chaos) {
    const { report } = chaos;
    const share = report.accepted ? report.succeeded / report.accepted : NaN;
    add(
      `${pct(TARGET.reliability, 1)} of jobs succeed under faults`,
      report.accepted ? share >= TARGET.reliability : null,
      `${pct(share)} (${int(report.succeeded)} of ${int(report.accepted)} accepted)`,
      "chaos.json",
    );
    const intact =
      report.lost === 0 &&
      report.duplicated === 0 &&
      report.orphanedObjects === 0 &&
      report.streamGaps === 0 &&
      report.violations.length === 0;
    add(
      "no data loss",
      intact,
      `lost ${report.lost}, duplicated ${report.duplicated}, orphaned R2 objects ${report.orphanedObjects}, stream gaps ${report.streamGaps}, violations ${report.violations.length}`,
      "chaos.json",
    );
  } else add("no data loss", null, "chaos run not present", "chaos.json");
  return rows;
}
