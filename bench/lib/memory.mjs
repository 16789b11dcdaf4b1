// Samples the resident memory of a process and all its descendants (the runner and the ffmpeg /
// pocketsphinx children it starts) from /proc, keeping the peak.
import { readdirSync, readFileSync } from "node:fs";

function childrenOf() {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!parents.has(ppid)) parents.set(ppid, []);
      parents.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts sampling `rootPid`'s process tree every `intervalMs`; stop() returns the peak in bytes. */
export function samplePeakMemory(rootPid, intervalMs = 200) {
  let peak = 0;
  const sample = () => {
    const tree = childrenOf();
    const stack = [rootPid];
    let total = 0;
    while (stack.length) {
      const pid = stack.pop();
      total += rssBytes(pid);
      stack.push(...(tree.get(pid) ?? []));
    }
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}
