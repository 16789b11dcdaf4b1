// Samples the CPU of a Worker running on workerd through its inspector (Miniflare's
// `inspectorPort`), to see where a route spends its time: `profileWorker(port, name, work)`
// returns the self time per function, largest first.
import { readFileSync } from "node:fs";
import { WebSocket } from "ws";

/** For a wrangler bundle: the source module of each line, from esbuild's `// path` markers. */
function moduleIndex(bundlePath) {
  const starts = [];
  readFileSync(bundlePath, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const match = /^\/\/ ((?:node_modules|workers|durable-objects|containers)\/\S+)$/.exec(line);
      if (match) starts.push([i, match[1].replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*/, "$1")]);
    });
  return (line) => {
    let lo = 0,
      hi = starts.length - 1,
      found = "(bundle)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) (found = starts[mid][1]), (lo = mid + 1);
      else hi = mid - 1;
    }
    return found;
  };
}

/**
 * Runs `work()` while the CPU profiler of worker `name` samples; returns self time per function
 * and, given the bundle's path, per source module (a package or a file of ours): [{ fn, ms, share }].
 */
export async function profileWorker(inspectorPort, name, work, { intervalUs = 200, bundlePath } = {}) {
  const moduleOf = bundlePath ? moduleIndex(bundlePath) : null;
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const target = targets.find((t) => t.title.includes(name)) ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  let next = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++next, resolve);
      ws.send(JSON.stringify({ id: next, method, params }));
    });
  try {
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: intervalUs });
    await call("Profiler.start");
    await work();
    const { profile } = await call("Profiler.stop");
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    const modules = new Map();
    profile.samples.forEach((id, i) => {
      const { functionName, url, lineNumber } = nodes.get(id).callFrame;
      const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
      const us = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + us);
      const module = moduleOf && url.endsWith("index.js") ? moduleOf(lineNumber) : url || functionName;
      modules.set(module, (modules.get(module) ?? 0) + us);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const rank = (map) =>
      [...map.entries()].sort((a, b) => b[1] - a[1]).map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total }));
    return Object.assign(rank(self), { byModule: rank(modules) });
  } finally {
    ws.close();
  }
}
