// `npm run bench:chaos`: 1,000 uniquely keyed jobs against the platform on raw workerd while
// runners are killed, queue messages are delivered twice, the consumer crashes mid-batch,
// workerd restarts (every Durable Object evicted), stage commits fail, the hub is evicted between
// a commit and its publish, and WebSocket clients drop; then the checker reads D1 and R2 (see
// bench/lib/chaos-run.mjs, bench/lib/chaos-check.mjs). Prints the counts and writes
// bench/results/chaos.json; exits 1 on any violation: lost or duplicated work, a job failed by a
// fault, an end never announced, a key left in progress, a submission never answered.
//   --jobs <n>        jobs to submit (default 1000)   --runners <n> runner processes (default 2)
//   --faults <m>      multiplies every fault rate: marks m times as often, probabilities × m (default 1)
//   --kill-every <s>  also SIGKILL runner 0 every s seconds (restarted 3 s later; default off)
//   --crash <p>       probability that a consumer batch crashes after partial settling (default 0.05 × m)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDevVars, ROOT } from "../scripts/local-platform.mjs";
import { runChaos } from "./lib/chaos-run.mjs";
import { printTable } from "./lib/load.mjs";
import { freePort } from "./lib/platform.mjs";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "1000" },
    runners: { type: "string", default: "2" },
    faults: { type: "string", default: "1" },
    "kill-every": { type: "string", default: "0" },
    crash: { type: "string" },
  },
});
const jobs = Number(args.jobs);
const multiplier = Number(args.faults);

ensureDevVars();
const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-chaos-"));
const started = new Date();
console.log(
  `Zukai chaos run — ${started.toISOString()} — ${jobs} jobs — faults × ${multiplier}${Number(args["kill-every"]) ? `, runner 0 killed every ${args["kill-every"]} s` : ""} — ${args.runners} runners — ${os.cpus().length} × ${os.cpus()[0]?.model} — node ${process.version}`,
);
try {
  const runnerPorts = [];
  for (let i = 0; i < Number(args.runners); i++) runnerPorts.push(await freePort());
  const result = await runChaos({
    dir,
    port: await freePort(),
    runnerPorts,
    jobs,
    faults: multiplier,
    killEverySeconds: Number(args["kill-every"]),
    ...(args.crash === undefined ? {} : { consumerCrash: Number(args.crash) }),
    progress: (line) => console.log(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${line}`),
  });
  const { report, faults } = result;
  const seconds = (Date.now() - started) / 1000;
  printTable(
    "Faults injected",
    ["fault", "count"],
    [
      ["runner killed (SIGKILL) and restarted", faults.kill],
      ["  runner 0 killed on the timer", faults.timedKill],
      ["rounds of 10 stage messages delivered again", faults.duplicate],
      ["consumer crashed after settling part of a batch", faults.consumerCrash],
      ["D1 batch committing a stage failed (retryable)", faults.commitFail],
      ["hub evicted between a job's end commit and its publish", faults.hubEvict],
      ["workerd restarted (all Durable Objects evicted)", faults.restart],
      ["  unfinished jobs' messages restored after restarts", faults.restoredMessages],
      ["rounds of WebSocket clients dropped (resumed with since)", faults.drop],
      ["submissions retried with the same Idempotency-Key", faults.submitRetries],
    ],
  );
  printTable(
    `Outcome after ${seconds.toFixed(0)} s`,
    ["", "count"],
    [
      ["submitted", jobs],
      ["accepted", report.accepted],
      [
        "refused (4xx)",
        Object.entries(result.counts.refused)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ") || 0,
      ],
      ["never answered", result.counts.unanswered],
      ["succeeded", report.succeeded],
      [
        "failed",
        `${report.failed}${
          report.failed
            ? ` (${Object.entries(report.failedByReason)
                .map(([k, v]) => `${k}: ${v}`)
                .join(", ")})`
            : ""
        }`,
      ],
      ["lost", report.lost],
      ["duplicated", report.duplicated],
      ["orphaned R2 objects", report.orphanedObjects],
      ["recorded R2 objects missing", report.missingObjects],
      ["event stream gaps / repeats", `${report.streamGaps} / ${report.streamRepeats}`],
      ["jobs recorded but never acknowledged (answer lost in a crash)", report.unacknowledged],
      ["idempotency keys left in progress", report.stuckIdempotencyKeys],
      ["queued jobs whose end event was not published", report.endsNotAnnounced],
      ["violations", report.violations.length],
      ["events received by the clients", report.events],
    ],
  );
  for (const v of report.violations.slice(0, 30)) console.log(`  ✗ ${v.job ? `${v.job}: ` : ""}${v.problem}`);
  if (report.violations.length > 30) console.log(`  … and ${report.violations.length - 30} more`);
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(
    path.join(ROOT, "bench/results/chaos.json"),
    `${JSON.stringify(
      {
        run: {
          started: started.toISOString(),
          seconds,
          command: `npm run bench:chaos -- ${process.argv.slice(2).join(" ")}`.trim(),
          node: process.version,
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
        },
        ...result,
      },
      null,
      2,
    )}\n`,
  );
  console.log("\nwrote bench/results/chaos.json");
  process.exitCode = report.violations.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
