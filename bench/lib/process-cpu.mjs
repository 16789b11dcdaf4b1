// CPU time of a process and of its busiest thread, from /proc (Linux): how close the one workerd
// thread that runs the Worker, D1, R2, the Durable Objects and the queue consumer is to full.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

/** utime + stime of /proc/…/stat in seconds (fields 14 and 15, after the parenthesised name). */
function statSeconds(file) {
  const fields = readFileSync(file, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Seconds a thread has spent waiting for a core while runnable (schedstat's second field). */
function runQueueSeconds(file) {
  return Number(readFileSync(file, "utf8").split(" ")[1]) / 1e9;
}

/** CPU seconds so far, in total and per thread (by thread id) with each thread's run-queue wait. */
export function cpuSnapshot(pid) {
  const threads = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(tid, {
        used: statSeconds(`/proc/${pid}/task/${tid}/stat`),
        waited: runQueueSeconds(`/proc/${pid}/task/${tid}/schedstat`),
      });
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return { at: performance.now(), total: statSeconds(`/proc/${pid}/stat`), threads };
}

/**
 * Between two snapshots, per second of wall time: the share of a core the process's busiest
 * thread used, and how long that thread waited runnable for a core.
 */
export function cpuShare(before, after) {
  const seconds = (after.at - before.at) / 1000;
  let busiest = { used: 0, waited: 0 };
  for (const [tid, now] of after.threads) {
    const then = before.threads.get(tid) ?? { used: 0, waited: 0 };
    if (now.used - then.used > busiest.used) busiest = { used: now.used - then.used, waited: now.waited - then.waited };
  }
  return { busiestThread: busiest.used / seconds, busiestThreadRunQueueWait: busiest.waited / seconds };
}
