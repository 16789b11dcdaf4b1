/**
 * A small chaos run (bench/lib/chaos-run.mjs; the full one is `npm run bench:chaos`): 60 keyed
 * jobs on raw workerd (Worker on 8803, a runner on 8804) while a runner is killed, stage messages
 * are delivered twice, the consumer crashes after settling part of a batch, workerd restarts
 * (every Durable Object evicted) and WebSocket clients drop. The checker then reads D1 and R2.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runChaos } from "../../bench/lib/chaos-run.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-chaos-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("chaos run", () => {
  it("loses nothing, duplicates nothing and leaves no orphan under every kind of fault", { timeout: 240_000 }, async () => {
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
      settleMs: 150_000,
    });
    expect(faults).toMatchObject({ kill: 1, drop: 1, restart: 1, duplicate: 2 });
    expect(faults.consumerCrash).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.orphanedObjects).toBe(0);
    expect(report.streamGaps + report.streamRepeats).toBe(0);
    // Most jobs succeed; a failure must carry a stable reason.
    expect(report.succeeded).toBeGreaterThan(report.accepted * 0.8);
    for (const reason of Object.keys(report.failedByReason)) expect(reason).toMatch(/^[a-z_]+$/);
  });
});
