// The chaos run, shared by `npm run bench:chaos` and test/e2e/chaos.test.ts: uniquely keyed jobs
// (Idempotency-Key on every submission, retried with the same key until answered) against the
// platform on raw workerd while faults are injected as the accepted count passes set marks:
//   kill      a runner is SIGKILLed, and started again 3 s later
//   duplicate stage messages of random jobs are sent again through the JOBS producer
//   drop      workspace WebSocket clients lose their connection (they resume with ?since=)
//   restart   workerd restarts: every Durable Object is evicted, in-flight requests and queue
//             invocations die; Miniflare's queue keeps messages in memory, so the harness then
//             re-sends the stage messages Cloudflare Queues would redeliver: the stage of every
//             job unfinished just before the restart (a message whose invocation died after
//             committing the job's end comes back too) and the current stage of every job
//             unfinished after it
// and, throughout, through CHAOS_FAULTS (workers/lib/chaos-faults.ts): the consumer crashes
// after settling part of a batch, the D1 batch that commits a stage fails, and the hub is evicted
// between the commit that ends a job and its publish. `faults` multiplies every rate (the marks
// come `faults` times as often); `killEverySeconds` also kills runner 0 on a timer.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkChaosRun } from "./chaos-check.mjs";
import { EventFollower, latestSeqOf } from "./event-follower.mjs";
import { registerUser, startPlatform } from "./platform.mjs";
import { longText, shortText } from "./simulated-user.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const KINDS = ["transcription", "diagram-queued", "diagram-now"];
/** Of every 20 jobs: 7 transcriptions, 7 queued diagrams (long text), 6 diagrams drawn at once. */
const kindOf = (i) => KINDS[i % 20 < 7 ? 0 : i % 20 < 14 ? 1 : 2];

/** Fault marks for a run of `jobs`: [{ at: accepted count, fault }], each fault at least once. */
export function faultPlan(jobs, { kill = 150, duplicate = 50, drop = 75, restart = 200 } = {}, multiplier = 1) {
  const plan = [];
  const every = (step, fault, offset) => {
    for (let at = Math.min(offset, Math.floor(jobs / 2)); at < jobs; at += Math.max(Math.round(step / multiplier), 1))
      plan.push({ at, fault });
  };
  every(kill, "kill", Math.round(jobs * 0.2));
  every(duplicate, "duplicate", Math.round(jobs * 0.1));
  every(drop, "drop", Math.round(jobs * 0.3));
  every(restart, "restart", Math.round(jobs * 0.4));
  return plan.sort((a, b) => a.at - b.at);
}

async function workspaceQuery(platform, sql, workspaceIds, ...extra) {
  const db = await platform.mf.getD1Database("DB");
  const marks = workspaceIds.map(() => "?").join(", ");
  return (
    await db
      .prepare(sql.replace("$WS", marks))
      .bind(...workspaceIds, ...extra)
      .all()
  ).results;
}

/** A user's access token lives 15 min; a long run (the kill-every one on a busy machine) outlasts it. */
const RENEW_TOKEN_AFTER_MS = 10 * 60_000;

/**
 * What a client does about that: a function giving the user's access token, renewed with the
 * refresh token once it is 10 min old. A refresh whose answer a restart lost has rotated the token
 * it used (the session refuses it then), so the client signs in again. Throws while the platform
 * is down; callers retry as they do for any request.
 */
function tokenKeeper(url, user) {
  let issuedAt = Date.now();
  let renewing = null;
  const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const post = (route, body) =>
    fetch(url + route, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
      body: JSON.stringify(body),
    });
  const renew = async () => {
    let res = await post("/api/v1/auth/refresh", { refreshToken: user.refreshToken });
    if (res.status === 401) res = await post("/api/v1/auth/login", { email: user.email, password: user.password });
    if (res.status !== 200) throw new Error(`renewing ${user.email}'s token answered ${res.status}`);
    const tokens = await res.json();
    Object.assign(user, { token: tokens.accessToken, refreshToken: tokens.refreshToken });
    issuedAt = Date.now();
  };
  return async () => {
    if (Date.now() - issuedAt >= RENEW_TOKEN_AFTER_MS) {
      renewing ??= renew().finally(() => (renewing = null));
      await renewing;
    }
    return user.token;
  };
}

/** Sends each row's stage message through the JOBS producer, as the queue itself would deliver it. */
async function sendStages(platform, rows) {
  const queue = await platform.mf.getQueueProducer("JOBS");
  for (let i = 0; i < rows.length; i += 100) {
    await queue.sendBatch(
      rows
        .slice(i, i + 100)
        .map((r) => ({ body: { type: "stage", jobId: r.id, workspaceId: r.workspace_id, stage: r.stage } })),
    );
  }
  return rows.length;
}

/**
 * Runs the chaos scenario; returns { counts, faults, report } where report is the checker's.
 * `log` receives the platform's output (and is where consumer crashes are counted).
 */
export async function runChaos({
  dir,
  port,
  runnerPorts,
  jobs,
  faults: multiplier = 1,
  plan = faultPlan(jobs, {}, multiplier),
  jobsPerWorkspace = 20,
  maxInFlight = 24,
  consumerCrash = 0.05 * multiplier,
  commitFail = 0.02 * multiplier,
  hubEvict = 0.01 * multiplier,
  killEverySeconds = 0,
  settleMs = 300_000,
  progress = () => {},
}) {
  const faults = {
    kill: 0,
    duplicate: 0,
    drop: 0,
    restart: 0,
    restoredMessages: 0,
    consumerCrash: 0,
    commitFail: 0,
    hubEvict: 0,
    timedKill: 0,
    submitRetries: 0,
  };
  const count = (text, event) => text.split(event).length - 1;
  const log = (text) => {
    faults.consumerCrash += count(text, "chaos.consumer_crash");
    faults.commitFail += count(text, "chaos.commit_fail");
    faults.hubEvict += count(text, "chaos.hub_evict");
  };
  const rate = (p) => Math.min(1, p).toFixed(4);
  const bindings = {
    CHAOS_FAULTS: `consumer-crash:${rate(consumerCrash)},commit-fail:${rate(commitFail)},hub-evict:${rate(hubEvict)}`,
  };
  const platform = await startPlatform({ dir, port, runnerPorts, bindings, log });
  const background = [];
  const followers = [];
  let killTimer;
  // Kills runner `index` (SIGKILL) and starts it again 3 s later; false if it is down already.
  const down = new Set();
  const bounce = (index) => {
    if (down.has(index)) return false;
    down.add(index);
    platform.killRunner(index);
    background.push(
      sleep(3000)
        .then(() => platform.restartRunner(index))
        .finally(() => down.delete(index)),
    );
    return true;
  };
  try {
    const wav = path.join(dir, "clip.wav");
    execFileSync("espeak-ng", ["-v", "en-us+klatt", "-s", "160", "-w", wav, "We test the runner today."]);
    const audio = readFileSync(wav);
    const workspaces = Math.max(1, Math.ceil(jobs / jobsPerWorkspace));
    const users = [];
    for (let i = 0; i < workspaces; i++) users.push(await registerUser(platform.url, `chaos-${i}@example.test`));
    const workspaceIds = users.map((u) => u.workspaceId);
    const tokens = users.map((user) => tokenKeeper(platform.url, user));
    for (const [i, user] of users.entries()) {
      const follower = new EventFollower({ url: platform.url, workspaceId: user.workspaceId, token: tokens[i] });
      await follower.connect();
      followers.push(follower);
    }

    const accepted = new Map();
    const queuedJobIds = new Set();
    const refused = {};
    let unanswered = 0;
    const unansweredDetails = [];
    let inFlight = 0;
    const poller = setInterval(async () => {
      try {
        inFlight = (
          await workspaceQuery(
            platform,
            "SELECT COUNT(*) AS n FROM jobs WHERE workspace_id IN ($WS) AND status IN ('queued', 'running')",
            workspaceIds,
          )
        )[0].n;
      } catch {
        // workerd is restarting
      }
    }, 500);

    // A runner killed on a timer (runner 0), on top of the kills at marks.
    if (killEverySeconds > 0) {
      killTimer = setInterval(() => {
        if (bounce(0)) faults.timedKill++;
      }, killEverySeconds * 1000);
    }

    const inject = async (fault) => {
      faults[fault]++;
      if (fault === "kill") {
        bounce(faults.kill % platform.runners.length);
      } else if (fault === "duplicate") {
        const rows = await workspaceQuery(
          platform,
          "SELECT id, workspace_id, stage FROM jobs WHERE workspace_id IN ($WS) AND stage IS NOT NULL ORDER BY random() LIMIT 10",
          workspaceIds,
        );
        await sendStages(platform, rows);
      } else if (fault === "drop") {
        for (const f of followers.filter((_, i) => i % 3 === faults.drop % 3)) f.drop();
      } else if (fault === "restart") {
        const unfinished =
          "SELECT id, workspace_id, stage FROM jobs WHERE status IN ('queued', 'running') AND stage IS NOT NULL AND workspace_id IN ($WS)";
        // Queues redeliver an unacknowledged message even when its job ended in the invocation
        // that died: what that invocation left undone after its commit is done by the redelivery.
        const before = await workspaceQuery(platform, unfinished, workspaceIds);
        await platform.restartWorker();
        const after = await workspaceQuery(platform, unfinished, workspaceIds);
        const rows = [...new Map([...before, ...after].map((r) => [`${r.id} ${r.stage}`, r])).values()];
        faults.restoredMessages += await sendStages(platform, rows);
      }
      progress(`fault ${fault} at ${accepted.size} accepted`);
    };

    const submit = async (i) => {
      const token = tokens[i % users.length];
      const kind = kindOf(i);
      const key = `chaos-${i}-${randomUUID()}`;
      const began = Date.now();
      const deadline = began + 120_000;
      // What each attempt got, so an unanswered submission says why (runs of one answer collapsed).
      const attempts = [];
      const saw = (what) => {
        const last = attempts.at(-1);
        if (last?.what === what) last.times++;
        else attempts.push({ what, times: 1, at: Math.round((Date.now() - began) / 1000) });
      };
      while (Date.now() < deadline) {
        let init;
        if (kind === "transcription") {
          const form = new FormData();
          form.append("file", new Blob([audio]), "clip.wav");
          init = { url: "/api/v1/transcribe", body: form, headers: {} };
        } else {
          init = {
            url: "/api/v1/generate-diagram",
            body: JSON.stringify({ text: kind === "diagram-now" ? shortText() : longText() }),
            headers: { "Content-Type": "application/json" },
          };
        }
        try {
          const res = await fetch(platform.url + init.url, {
            method: "POST",
            body: init.body,
            headers: { ...init.headers, Authorization: `Bearer ${await token()}`, "Idempotency-Key": key },
          });
          const body = await res.json().catch(() => null);
          saw(`${res.status} ${body?.code ?? ""}`.trim());
          if (res.status === 201 || res.status === 202) {
            const jobId = res.status === 201 ? body.jobId : body.id;
            accepted.set(key, jobId);
            if (res.status === 202) queuedJobIds.add(jobId);
            return;
          }
          if (res.status < 500 && ![409, 429].includes(res.status)) {
            refused[`${res.status} ${body?.code}`] = (refused[`${res.status} ${body?.code}`] ?? 0) + 1;
            return;
          }
        } catch (error) {
          // workerd is restarting: the same key again
          saw(`fetch failed (${error?.cause?.code ?? error?.message})`);
        }
        faults.submitRetries++;
        await sleep(1000);
      }
      unanswered++;
      unansweredDetails.push({
        key,
        kind,
        attempts: attempts.map((a) => `${a.what}${a.times > 1 ? ` ×${a.times}` : ""} @${a.at}s`).join(", "),
      });
    };

    let next = 0;
    const pending = [...plan];
    const submitter = async () => {
      while (next < jobs) {
        while (inFlight >= maxInFlight) await sleep(200);
        if (next >= jobs) break;
        const i = next++;
        inFlight++;
        await submit(i);
        while (pending.length && accepted.size >= pending[0].at) await inject(pending.shift().fault);
      }
    };
    await Promise.all(Array.from({ length: 6 }, submitter));
    for (const mark of pending) await inject(mark.fault); // marks past the accepted count still run
    progress(`submitted: ${accepted.size} accepted; waiting for the jobs to end`);
    const settleBy = Date.now() + settleMs;
    while (inFlight > 0 && Date.now() < settleBy) await sleep(500);
    clearInterval(killTimer);
    killTimer = undefined;
    clearInterval(poller);
    await Promise.all(background);

    for (const [i, follower] of followers.entries()) {
      follower.latestSeq = await latestSeqOf({ url: platform.url, workspaceId: workspaceIds[i], token: tokens[i] });
      await follower.caughtUpTo(follower.latestSeq);
    }
    const report = await checkChaosRun({
      mf: platform.mf,
      workspaceIds,
      accepted,
      followers,
      queuedJobIds,
      unanswered,
      unansweredDetails,
    });
    return {
      counts: { submitted: jobs, refused, unanswered },
      faults,
      report,
      followers: followers.map((f) => ({ events: f.events, drops: f.drops, reconnects: f.reconnects })),
    };
  } finally {
    clearInterval(killTimer);
    followers.forEach((f) => f.stop());
    await Promise.allSettled(background);
    await platform.dispose();
  }
}
