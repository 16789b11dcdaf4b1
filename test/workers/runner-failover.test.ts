/**
 * The runner pool: two real runner processes; one is killed mid-job through the control server.
 * The job completes on the other, the pool shows one runner down (and says so on the workspace's
 * hub), and after a restart the pool's own periodic checks bring it back.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { rankRunners } from "../../workers/runners/ranking";
import { api, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";
import { killRunnerMidJob, restartRunner, withRunnerLease } from "./runner-control";
import { openSocket } from "./ws-client";

const ADMIN = "test-admin-token-0123456789abcdef";
const METRICS = "test-metrics-token-0123456789abcdef";

let user: TestUser;
let longWav: Blob;

beforeAll(async () => {
  user = await registerUser("failover");
  longWav = await (await fetch(`${inject("remoteOrigin")}/speech/long.wav`)).blob();
});

async function status() {
  const res = await api("/api/v1/admin/status", { token: ADMIN });
  expect(res.status).toBe(200);
  return res.body.runners as { healthy: number; total: number; items: { name: string; up: boolean }[] };
}

/** The runner series of a scrape (read-only: a scrape never checks runners itself). */
async function scrapedRunners(): Promise<Map<string, number>> {
  const text = (await api<string>("/metrics", { token: METRICS })).body;
  return new Map([...text.matchAll(/^(zukai_runner(?:s|_up)\{[^}]*\}) (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("least-busy choice", () => {
  it("orders healthy runners by load, leaves failed ones out, and rotates equals by delivery", () => {
    const probe = (name: string, ok: boolean, activeJobs: number, maxJobs = 2) => ({ name, ok, activeJobs, maxJobs });
    expect(
      rankRunners([probe("a", true, 2), probe("b", true, 0), probe("c", false, 0), probe("d", true, 1)], 1),
    ).toEqual(["b", "d", "a"]);
    expect(rankRunners([probe("a", true, 0), probe("b", true, 0)], 1)).toEqual(["a", "b"]);
    expect(rankRunners([probe("a", true, 0), probe("b", true, 0)], 2)).toEqual(["b", "a"]);
    expect(rankRunners([probe("a", false, 0)], 1)).toEqual([]);
  });
});

describe("runner failover", () => {
  it(
    "a runner killed mid-job: the job completes on the other, the pool shows one down, then two after restart",
    () =>
      withRunnerLease(async () => {
        expect((await until(status, (r) => r.healthy === 2, 30_000)).healthy).toBe(2);
        const socket = await openSocket(user.workspaceId, { token: user.accessToken });
        await socket.next((m) => m.type === "welcome");

        const form = new FormData();
        form.append("file", longWav, "talk.wav");
        const accepted = await api("/api/v1/transcribe", { token: user.accessToken, body: form });
        expect(accepted.status).toBe(202);
        const id = accepted.body.id;
        const { index, url } = await killRunnerMidJob(user.accessToken, id);
        try {
          const job = await waitForJob(user.accessToken, id, jobEnded, 200_000);
          expect(job.status, JSON.stringify(job.error)).toBe("succeeded");

          // The failed attempt took the runner out of the pool, and the workspace was told.
          const notice = await socket.next((m) => m.type === "system:notification" && m.level === "warning", 30_000);
          expect(notice.message).toMatch(/capacity dropped: 1 of 2 runners healthy/);
          const down = await status();
          expect(down.healthy).toBe(1);
          expect(down.items.find((r) => r.name === url)?.up).toBe(false);
          const scraped = await scrapedRunners();
          expect(scraped.get(`zukai_runner_up{runner="${url}"}`)).toBe(0);
          expect(scraped.get('zukai_runners{state="down"}')).toBe(1);
        } finally {
          await restartRunner(index);
        }
        // The pool re-checks a runner that is out every few seconds; scraping only reads its state.
        const back = await until(scrapedRunners, (m) => m.get('zukai_runners{state="up"}') === 2, 30_000);
        expect(back.get('zukai_runners{state="up"}')).toBe(2);
        expect(back.get('zukai_runners{state="down"}')).toBe(0);
        expect((await status()).healthy).toBe(2);
        socket.close();
      }),
    300_000,
  );
});
