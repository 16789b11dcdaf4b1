// The local platform on raw workerd through the Miniflare API, for `npm start`: the Worker is
// bundled the way `wrangler deploy` bundles it (as the benchmarks do) and served without wrangler
// dev's Node proxy. That proxy, in the wrangler release Node 20 can run, breaks the next request
// after the Worker answers one whose body it did not read (a refused upload, a 413): "Your worker
// restarted mid-request". State lives where wrangler dev keeps it, so both read the same data.
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { bundleWorker } from "../bench/lib/workerd.mjs";
import { buildWeb } from "./build-web.mjs";
import { applyMigrations, assertPortFree, ensureDevVars, ROOT, startRunner } from "./local-platform.mjs";

/** Starts a runner on `runnerPort` and the Worker on 127.0.0.1:`port`; the same shape as startLocalPlatform. */
export async function startWorkerdPlatform({
  port = 8787,
  runnerPort = 8790,
  persistTo = path.join(ROOT, ".wrangler", "state"),
  vars = {},
  log = () => {},
} = {}) {
  // Local secrets (.dev.vars, next to wrangler.toml) are what unstable_getMiniflareWorkerOptions reads.
  ensureDevVars();
  await assertPortFree(port);
  applyMigrations(persistTo);
  await buildWeb({ log: (line) => log(`${line}\n`) });
  const configPath = path.join(ROOT, "wrangler.toml");
  const scriptPath = bundleWorker(configPath, path.join(persistTo, "..", "bundle"));
  const runner = await startRunner({ port: runnerPort, log });
  let output = "";
  const collect = (chunk) => {
    output += chunk;
    log(String(chunk));
  };
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath, undefined, {
    overrides: { enableContainers: false },
  });
  const mf = new Miniflare({
    ...workerOptions,
    bindings: { ...workerOptions.bindings, RUNNER_URLS: runner.url, ...vars },
    name: "zukai",
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    host: "127.0.0.1",
    port,
    // wrangler dev's layout under --persist-to, so `wrangler d1 migrations apply --local` applies here.
    d1Persist: path.join(persistTo, "v3", "d1"),
    r2Persist: path.join(persistTo, "v3", "r2"),
    durableObjectsPersist: path.join(persistTo, "v3", "do"),
    kvPersist: path.join(persistTo, "v3", "kv"),
    cachePersist: path.join(persistTo, "v3", "cache"),
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.on("data", collect);
      stderr.on("data", collect);
    },
  });
  try {
    await mf.ready;
  } catch (error) {
    await runner.stop();
    throw new Error(`${error.message}\n--- workerd output ---\n${output}`);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    runnerUrl: runner.url,
    stop: () => Promise.allSettled([mf.dispose(), runner.stop()]).then(() => undefined),
    output: () => output,
  };
}
