/**
 * A small chaos run (bench/lib/chaos-run.mjs; the full one is `npm run bench:chaos`): 60 keyed
 * jobs on raw workerd (Worker on 8803, a runner on 8804) while a runner is killed, stage messages
 * are delivered twice, the consumer crashes after settling part of a batch, the D1 batch that
 * commits a stage fails, the hub is evicted between a job's end commit and its publish, workerd
 * restarts (every Durable Object evicted) and WebSocket clients drop. The checker then reads D1
 * and R2; a job failed by a fault, an unannounced end or a stuck key is a violation like a loss.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runChaos } from "../../bench/lib/chaos-run.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-chaos-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("chaos run", () => {
  it("loses nothing, duplicates nothing, fails nothing and announces every end under every kind of fault", {
    timeout: 240_000,
  }, async () => {
    const { faults, report } = await runChaos({
      dir,
      port: 8803,
      runnerPorts: [8804],
      jobs: 60,
      // One of each fault, at set points of the run.
      plan: [
        { at: 10, fault: "duplicate" },
        { at: 15, fault: "kill" },
        { at: 20, fault: "drop" },
        { at: 30, fault: "restart" },
        { at: 40, fault: "duplicate" },
      ],
      jobsPerWorkspace: 20,
      consumerCrash: 0.2,
      commitFail: 0.1,
      hubEvict: 0.15,
      settleMs: 150_000,
    });
    expect(faults).toMatchObject({ kill: 1, drop: 1, restart: 1, duplicate: 2 });
    expect(faults.consumerCrash).toBeGreaterThan(0);
    expect(faults.commitFail).toBeGreaterThan(0);
    expect(faults.hubEvict).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.orphanedObjects).toBe(0);
    expect(report.missingObjects).toBe(0);
    expect(report.streamGaps + report.streamRepeats).toBe(0);
    // Every fault is transient: every job succeeds, every queued job's end reaches its clients.
    expect(report.failed).toBe(0);
    expect(report.succeeded).toBe(report.accepted);
    expect(report.endsNotAnnounced).toBe(0);
    expect(report.stuckIdempotencyKeys).toBe(0);
  });
});
