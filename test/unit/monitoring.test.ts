/**
 * monitoring/ checked with the real promtool: the scrape config and rules are valid, every alert
 * fires in its rule test (and a weakened rule makes the tests fail), and every Grafana panel
 * query is valid PromQL. test/e2e/prometheus.test.ts runs the same queries against live data.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, "monitoring");
const work = mkdtempSync(path.join(os.tmpdir(), "zukai-monitoring-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function promtool(...args: string[]) {
  const result = spawnSync("/usr/bin/promtool", args, { encoding: "utf8", cwd: work });
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

const alertNames = () =>
  [...readFileSync(path.join(DIR, "alerts.yml"), "utf8").matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]!);

describe("monitoring/", () => {
  it("ships a Prometheus config that promtool accepts, rule files included", () => {
    const token = path.join(work, "token");
    writeFileSync(token, "a-token-for-the-check\n");
    const config = readFileSync(path.join(DIR, "prometheus.yml"), "utf8").replace(
      "/etc/prometheus/zukai-metrics-token",
      token,
    );
    expect(config).toContain(token);
    writeFileSync(path.join(work, "prometheus.yml"), config);
    copyFileSync(path.join(DIR, "alerts.yml"), path.join(work, "alerts.yml"));
    const checked = promtool("check", "config", "prometheus.yml");
    expect(checked.ok, checked.output).toBe(true);
    expect(checked.output).toMatch(/SUCCESS: 8 rules found/);
  });

  it("has alerting rules for error rate, latency, dead letters, runners, queue age and quotas", () => {
    const checked = promtool("check", "rules", path.join(DIR, "alerts.yml"));
    expect(checked.ok, checked.output).toBe(true);
    expect(alertNames().sort()).toEqual([
      "ZukaiDeadLetterQueueGrowing",
      "ZukaiHighErrorRate",
      "ZukaiHighLatencyP95",
      "ZukaiMetricsScrapeFailing",
      "ZukaiQueueBacklogOld",
      "ZukaiQuotaExhaustion",
      "ZukaiRunnerDown",
      "ZukaiRunnerPoolDown",
    ]);
  });

  it("passes promtool's rule unit tests, in which every alert fires", () => {
    const tested = promtool("test", "rules", path.join(DIR, "alerts.test.yml"));
    expect(tested.ok, tested.output).toBe(true);
    const tests = readFileSync(path.join(DIR, "alerts.test.yml"), "utf8");
    // An expectation that fires is an alertname followed by a non-empty exp_alerts list.
    const firing = new Set([...tests.matchAll(/alertname: (\w+)\n\s+exp_alerts:\n\s+- exp_labels/g)].map((m) => m[1]));
    for (const alert of alertNames()) expect(firing.has(alert), alert).toBe(true);
  });

  it("rule tests fail when a rule stops firing (they test something)", () => {
    const weakened = readFileSync(path.join(DIR, "alerts.yml"), "utf8").replace("> 0.05", "> 0.5");
    writeFileSync(path.join(work, "alerts.yml"), weakened);
    copyFileSync(path.join(DIR, "alerts.test.yml"), path.join(work, "alerts.test.yml"));
    const tested = promtool("test", "rules", "alerts.test.yml");
    expect(tested.ok).toBe(false);
    expect(tested.output).toMatch(/ZukaiHighErrorRate/);
  });

  it("has a Grafana dashboard whose every panel query is valid PromQL", () => {
    const dashboard = JSON.parse(readFileSync(path.join(DIR, "grafana-dashboard.json"), "utf8"));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) expect(panel.targets.length, panel.title).toBeGreaterThan(0);
    // promtool parses a recording rule's expression; one rule per panel query.
    const rules = {
      groups: [{ name: "dashboard", rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }],
    };
    writeFileSync(path.join(work, "dashboard-rules.yml"), JSON.stringify(rules));
    const checked = promtool("check", "rules", "dashboard-rules.yml");
    expect(checked.ok, checked.output).toBe(true);
    expect(checked.output).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
