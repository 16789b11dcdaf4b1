// The Load, Faults and Attack sections of docs/performance.md, each read from its results file
// (bench/results/load.json, chaos.json, security.json) and judged with targets.mjs.
import { commandLine, counts, int, notRun, num, pct, plural, table, verdict } from "./format.mjs";
import {
  hubRow,
  isDelivery,
  isRequest,
  isSignIn,
  requestReliability,
  socketsHeld,
  TARGET,
  usersTarget,
} from "./targets.mjs";

const LOAD = "npm run bench:load";
const CHAOS = "npm run bench:chaos";
const SECURITY = "npm run test:security";

/** Load: 100 simulated users against the platform and the baseline Worker, then the fan-out. */
export function loadSection(load, { cpus, pbkdf2Iterations, costs }) {
  const out = ["## Load: 100 users, real-time delivery, 1,000 sockets", ""];
  if (!load) return [...out, notRun(LOAD, "load.json"), ""].join("\n");
  const p = load.params;
  out.push(
    commandLine(
      LOAD,
      load.run,
      `: ${p.users} users for ${p.durationSeconds} s per phase, mean pause ${int(p.meanThinkMs)} ms between actions, sessions of ${p.sessionSeconds.join("–")} s, ${p.pipelines} pipeline jobs running underneath`,
    ),
    "",
  );
  out.push(
    "Everything runs on raw workerd (the bundled Worker, not `wrangler dev`) with persisted D1, R2, Queues and Durable Objects and a real media runner. The baseline is a bare Hono hello-world Worker served the same way and loaded by the same users with the same pauses, in the same run.",
    "",
  );

  const base = load.baseline[0];
  const row = (r, ratio) => [
    r.name,
    int(r.count),
    num(r.p50),
    num(r.p95),
    num(r.p99),
    num(r.max),
    int(r.errors),
    pct(r.errorRate),
    counts(r.failedStatuses),
    ratio,
    num(r.inWorkerP95),
  ];
  const requests = load.endpoints.filter(isRequest);
  out.push("### Requests (ms)", "");
  out.push(
    table(
      [
        "endpoint",
        "count",
        "p50",
        "p95",
        "p99",
        "max",
        "errors",
        "error rate",
        "failures",
        "p95 ÷ baseline p95",
        "p95 in the Worker",
      ],
      [...load.baseline.map((r) => row(r, "1.0")), ...requests.map((r) => row(r, base ? num(r.p95 / base.p95) : "–"))],
    ),
    "",
  );
  out.push(
    "A failure is a non-2xx answer (by status) or no answer at all (`network`: the connection was refused, reset or timed out). *In the Worker* is the time our code reported in its `Server-Timing: app;dur=…` header, from the first middleware to the response; the rest of what the client saw is time the request waited for the one workerd thread on its way in and out.",
    "",
  );
  if (load.windows?.length) {
    out.push("### Our phase over time", "");
    out.push(
      table(
        ["from s", "API requests (not sign-in)", "p50 ms", "p95 ms", "sign-ins and refreshes", "workerd thread busy"],
        load.windows.map((w) => [
          num(w.fromSeconds, 0),
          int(w.requests),
          num(w.p50),
          num(w.p95),
          int(w.signIns),
          pct(w.workerdThreadBusy, 0),
        ]),
      ),
      "",
    );
    const cpu = load.cpu;
    out.push(
      `*Workerd thread busy* is the CPU time of workerd's busiest thread (the one that runs every isolate, Durable Object and local storage) per second of the window, from /proc. Over the measured ${num(p.durationSeconds, 0)} s it was ${pct(cpu.workerd.busiestThread, 0)} busy and waited for a core ${pct(cpu.workerd.busiestThreadRunQueueWait, 0)} of the time; the load generator's event loop was late by at most ${num(cpu.generatorLoopDelayMs.p99)} ms at p99, so the generator was not what slowed the requests.`,
      "",
    );
  }

  if (costs) out.push(costSection(load, costs));

  const realtime = load.endpoints.filter((r) => !isRequest(r));
  out.push("### Real-time delivery (ms)", "");
  out.push(
    table(
      ["what", "count", "p50", "p95", "p99", "max", "errors"],
      realtime.map((r) => [r.name, int(r.count), num(r.p50), num(r.p95), num(r.p99), num(r.max), int(r.errors)]),
    ),
    "",
  );
  const pipes = load.pipelines;
  out.push(
    `Pipeline jobs (spoken clip → 720p video) run through the real runner underneath: ${pipes.finished} finished, ${pipes.succeeded} succeeded, median ${num(pipes.medianSeconds)} s from upload to video.`,
    "",
  );

  out.push(`### ${int(p.sockets)} WebSockets, one broadcast a second for ${p.broadcasts} s (ms)`, "");
  if (load.fanout.length) {
    out.push(
      table(
        [
          "server",
          "sockets",
          "held",
          "drops",
          "delivered",
          "p50",
          "p95",
          "p99",
          "max",
          "open s",
          "workerd RSS MB idle → peak",
        ],
        load.fanout.map((r) => [
          r.name,
          int(r.sockets),
          int(r.held),
          int(r.drops),
          `${int(r.delivered)}/${int(r.expected)}`,
          num(r.p50),
          num(r.p95),
          num(r.p99),
          num(r.max),
          num(r.openSeconds),
          `${num(r.workerdRssMbIdle, 0)} → ${num(r.workerdRssMbPeak, 0)}`,
        ]),
      ),
      "",
    );
    out.push(
      "The floor is a bare hibernating Durable Object that relays each frame to every socket (no auth, no D1, no event log), on its own workerd; the hub row is our WorkspaceHub in the platform's workerd, so its memory includes the whole platform.",
      "",
    );
  } else out.push(`Not measured in this run: ${load.fanoutError ?? "no fan-out rows"}.`, "");

  out.push("### What this means on Cloudflare", "");
  const users = usersTarget(load);
  const reliability = requestReliability(load);
  const signIn = load.endpoints.find(isSignIn);
  const worstRatio = base ? Math.max(...requests.filter((r) => !isSignIn(r)).map((r) => r.p95 / base.p95)) : NaN;
  const windows = load.windows ?? [];
  const worstWindow = windows.reduce((w, x) => (!w || x.p95 > w.p95 ? x : w), null);
  const bestWindow = windows.reduce((w, x) => (!w || x.p95 < w.p95 ? x : w), null);
  if (worstWindow) {
    out.push(
      `Where the slow requests come from: they bunch up in time. The worst window (from ${num(worstWindow.fromSeconds, 0)} s: ${int(worstWindow.signIns)} sign-ins and refreshes, the workerd thread ${pct(worstWindow.workerdThreadBusy, 0)} busy) had p95 ${num(worstWindow.p95)} ms; the best (from ${num(bestWindow.fromSeconds, 0)} s, ${pct(bestWindow.workerdThreadBusy, 0)} busy) had p95 ${num(bestWindow.p95)} ms. Inside the Worker the same requests took far less (the *p95 in the Worker* column): the rest is queueing for the single thread that runs everything locally, each request's D1 queries and Durable Object calls being separate turns on it. That queue does not exist in this form on Cloudflare, where the Worker, every Durable Object and D1 run in separate isolates on separate machines.`,
      "",
    );
  }
  out.push(
    `Here the whole platform, the media runner's ffmpeg and speech-to-text and the load generator itself share ${cpus} cores (see The machine), where Cloudflare would give each request its own isolate and each Durable Object and the database their own machines; so these latencies measure contention on one small machine as much as the code: the bare hello-world baseline itself reached p95 ${num(base?.p95)} ms in this run, and our slowest endpoint other than sign-in was ${num(worstRatio)}× that. Sign-in is deliberately slow — PBKDF2-SHA256 with ${int(pbkdf2Iterations)} iterations per attempt against password guessing — and is judged apart (p95 ${num(signIn?.p95)} ms here); in production that CPU time is spent in the signing-in user's own isolate rather than queueing everyone else's requests behind it. Against the plan: ${TARGET.users} users at p95 < ${TARGET.p95Ms} ms is ${verdict(users.ok)} on this machine (slowest other request: ${users.worst?.name ?? "–"}, p95 ${num(users.worst?.p95)} ms), and ${pct(reliability.share)} of requests succeeded against the ${pct(TARGET.reliability, 1)} target (${verdict(reliability.total ? reliability.share >= TARGET.reliability : null)}).`,
    "",
  );
  const delivery = load.endpoints.find(isDelivery);
  const hub = hubRow(load.fanout);
  const hubText = hub
    ? `The ${int(hub.sockets)}-socket broadcast reached p95 ${num(hub.p95)} ms (${verdict(hub.p95 < TARGET.realtimeMs)}) with the connection target ${verdict(socketsHeld(hub))} (${hub.drops} drops); a workspace's hub is one single-threaded Durable Object in production too, so that serial send loop is the same there, minus the other tenants, whose hubs are separate objects.`
    : `The ${int(TARGET.connections)}-socket fan-out was not measured in this run (${load.fanoutError ?? "no rows"}), so the ${int(TARGET.connections)}+ connections target is not shown here; see the fan-out row below if it ran.`;
  out.push(
    `Real-time events reached clients at p95 ${num(delivery?.p95)} ms against the < ${TARGET.realtimeMs} ms target (${verdict(delivery ? delivery.p95 < TARGET.realtimeMs : null)}); on Cloudflare a workspace's hub sits where it was first used, and each event costs one hop from it to the clients' edge connections, which hibernation keeps open at no duration charge while idle. ${hubText}`,
    "",
  );
  return out.join("\n");
}

/** What each action costs the workerd thread (action-cost.json), set against this load run's counts. */
function costSection(load, costs) {
  const out = ["### Where the workerd thread's time goes", ""];
  out.push(
    `${commandLine(`node bench/lib/action-cost.mjs${costs.params.n ? ` ${costs.params.n}` : ""}`, costs.run, ": each action sent alone, one after another, on a fresh platform; CPU time of the workerd process per action from /proc (so D1, R2, Durable Object storage and crypto count), median of three rounds")}`,
    "",
  );
  const seconds = load.params.durationSeconds;
  let total = 0;
  const rows = costs.actions.map((a) => {
    const inLoad = load.endpoints.find((e) => a.name === e.name || a.name.startsWith(`${e.name} `));
    const cpuSeconds = inLoad ? (inLoad.count * a.cpuMs) / 1000 : NaN;
    if (Number.isFinite(cpuSeconds)) total += cpuSeconds;
    return [
      a.name,
      num(a.cpuMs),
      num(a.wallMs),
      inLoad ? int(inLoad.count) : "–",
      num(cpuSeconds),
      Number.isFinite(cpuSeconds) ? pct(cpuSeconds / seconds, 0) : "–",
    ];
  });
  out.push(
    table(
      [
        "action",
        "CPU ms",
        "wall ms alone",
        `count in the ${num(seconds, 0)} s load run`,
        "CPU s in the run",
        "share of one core",
      ],
      rows,
    ),
    "",
  );
  const busy = load.cpu?.workerd?.busiestThread;
  out.push(
    `Multiplied by how often the load run did them, these actions come to ${pct(total / seconds, 0)} of a core${Number.isFinite(busy) ? `; the workerd thread was measured ${pct(busy, 0)} busy during that run, which also carried WebSocket connections and events, the pipeline jobs underneath and metrics` : ""}. Costs measured this way move by about a third between runs on this machine, so read the shares as rough. The long-text diagram's row includes the queue consumer's whole job (analysis, layout, three stored files, progress events; its wall time includes the 1.5 s the tool waits for the queue's batch), and sign-in's includes the PBKDF2 hash. Above the floor (GET /healthz: routing and middleware, no storage), the 図解 engine's own work is a few milliseconds (the \`diagram\` row below), so most of an action's cost is its storage round trips: locally each D1 statement, R2 object and Durable Object call is a turn, often a SQLite transaction, on that same thread.`,
    "",
  );
  return out.join("\n");
}

const FAULTS = [
  ["kill", "runner killed (SIGKILL) and restarted"],
  ["duplicate", "rounds of 10 stage messages delivered again"],
  ["consumerCrash", "consumer crashed after settling part of a batch"],
  ["restart", "workerd restarted (all Durable Objects evicted)"],
  ["restoredMessages", "unfinished jobs' messages restored after restarts"],
  ["drop", "rounds of WebSocket clients dropped (resumed with `since`)"],
  ["submitRetries", "submissions retried with the same Idempotency-Key"],
];

/** Faults: the chaos run's injected faults and the checker's counts. */
export function chaosSection(chaos) {
  const out = ["## Faults: 1,000 jobs under a scripted chaos run", ""];
  if (!chaos) return [...out, notRun(CHAOS, "chaos.json"), ""].join("\n");
  const { report, faults, counts: submitted, followers } = chaos;
  out.push(
    commandLine(
      CHAOS,
      chaos.run,
      `: ${int(submitted.submitted)} uniquely keyed jobs; the command exits 1 when anything was lost or duplicated`,
    ),
    "",
  );
  out.push("### Faults injected", "");
  out.push(
    table(
      ["fault", "count"],
      FAULTS.filter(([k]) => k in faults).map(([k, label]) => [label, int(faults[k])]),
    ),
    "",
  );
  out.push("### Outcome, checked in D1 and R2 afterwards", "");
  const drops = followers.reduce((n, f) => n + f.drops, 0);
  const reconnects = followers.reduce((n, f) => n + f.reconnects, 0);
  out.push(
    table(
      ["", "count"],
      [
        ["submitted", int(submitted.submitted)],
        ["refused (4xx)", counts(submitted.refused, "0")],
        ["never answered", int(submitted.unanswered)],
        ["accepted", int(report.accepted)],
        ["succeeded", int(report.succeeded)],
        ["failed", `${int(report.failed)}${report.failed ? ` (${counts(report.failedByReason)})` : ""}`],
        ["**lost**", int(report.lost)],
        ["**duplicated** (jobs, artifacts, usage records, end events)", int(report.duplicated)],
        ["orphaned R2 objects", int(report.orphanedObjects)],
        ["event stream gaps / repeats after resume", `${int(report.streamGaps)} / ${int(report.streamRepeats)}`],
        ["jobs recorded but never acknowledged (answer lost in a crash)", int(report.unacknowledged)],
        ["idempotency keys left in progress", int(report.stuckIdempotencyKeys)],
        ["queued jobs whose end event was not published (clients resync from REST)", int(report.endsNotAnnounced)],
        [
          `events received by ${followers.length} WebSocket clients (${drops} drops, ${reconnects} reconnects)`,
          int(report.events),
        ],
      ],
    ),
    "",
  );
  if (report.violations.length) {
    out.push(
      `The checker found ${report.violations.length} violations${report.violations.length > 20 ? " (the first 20)" : ""}:`,
      "",
    );
    for (const v of report.violations.slice(0, 20)) out.push(`- ${v.job ? `\`${v.job}\`: ` : ""}${v.problem}`);
    out.push("");
  } else
    out.push(
      "The checker found no violations: every accepted job reached exactly one terminal state with exactly its artifacts and usage records.",
      "",
    );

  const injected = FAULTS.filter(([k]) => k !== "restoredMessages" && k in faults).reduce((n, [k]) => n + faults[k], 0);
  const intact =
    report.lost === 0 &&
    report.duplicated === 0 &&
    report.orphanedObjects === 0 &&
    report.streamGaps === 0 &&
    report.violations.length === 0;
  const share = report.accepted ? report.succeeded / report.accepted : NaN;
  out.push("### What this means on Cloudflare", "");
  out.push(
    `These are the faults Cloudflare produces in normal operation: Queues deliver at least once (so a message can arrive twice, or a consumer can fail after acknowledging part of a batch), Durable Objects are evicted and restarted when the runtime moves or updates them, Containers stop, and WebSocket clients lose their connections. The guarantees checked here come from D1 state transitions, idempotency keys and the hub's numbered event log, not from this machine's timing, so they carry over to production; the run's duration does not. In this run ${int(injected)} injected faults left ${report.lost} jobs lost and ${report.duplicated} duplicated out of ${int(report.accepted)} accepted, and ${pct(share)} of accepted jobs succeeded: no data loss is ${verdict(report.accepted ? intact : null)} and ${pct(TARGET.reliability, 1)} job reliability under faults is ${verdict(report.accepted ? share >= TARGET.reliability : null)}.`,
    "",
  );
  return out.join("\n");
}

/** Attack: the OWASP API Security Top 10 (2023) items × cases from the security suite. */
export function securitySection(security) {
  const out = ["## Attack: OWASP API Security Top 10 (2023)", ""];
  if (!security)
    return [
      ...out,
      `Not run: no \`bench/results/security.json\`. \`${SECURITY}\` writes it (test/security-reporter.ts); then run \`npm run bench:report\` again.`,
      "",
    ].join("\n");
  out.push(commandLine(SECURITY, security.run), "");
  out.push(
    table(
      ["item", "name", "passed", "failed", "skipped", "test files"],
      security.items.map((i) => [
        i.item,
        i.name,
        int(i.passed),
        int(i.failed),
        int(i.skipped),
        i.files.join(", ") || "–",
      ]),
      ["passed", "failed", "skipped"],
    ),
    "",
  );
  const { total } = security;
  const uncovered = security.items.filter((i) => i.passed === 0).map((i) => i.item);
  out.push(
    `Total: ${int(total.passed)} passed, ${int(total.failed)} failed, ${int(total.skipped)} skipped. ${uncovered.length ? `Items with no passing case: ${uncovered.join(", ")}.` : "Every item has at least one passing case."}${security.unmapped.length ? ` ${plural(security.unmapped.length, "case")} named no item.` : ""}`,
    "",
  );
  out.push("### What this means on Cloudflare", "");
  out.push(
    `The cases run the real Worker on workerd (vitest-pool-workers) with real D1, R2 and Durable Objects, through the public HTTP API, so what they show holds for the deployed code as far as the production configuration matches wrangler.toml (secrets, CORS origins, plan limits). Cloudflare's own edge protection (WAF, DDoS mitigation, Bot Management) sits in front of the Worker and is not part of these figures. In this run ${total.failed === 0 && uncovered.length === 0 ? "every case passed and every item is covered" : `${plural(total.failed, "case")} failed and ${plural(uncovered.length, "item")} had no passing case`}.`,
    "",
  );
  return out.join("\n");
}
