// The whole platform on raw workerd for the load and chaos runs: our bundled Worker (D1, R2,
// Queues, Durable Objects persisted under one directory, so a restarted workerd finds its state)
// plus real media runner processes. Unlike servePlatform in ./workerd.mjs, its parts can be
// killed and restarted while clients keep working.
import { createServer } from "node:net";
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ROOT, startRunner } from "../../scripts/local-platform.mjs";
import { bundleWorker, migrate } from "./workerd.mjs";

export const BENCH_JWT_SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

/** A free TCP port on 127.0.0.1 (so a restarted workerd can listen on the same one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts runners on `runnerPorts` and the Worker on `port` with state under `dir`. `bindings`
 * add to (or override) the wrangler.toml vars, e.g. CHAOS_FAULTS for the chaos harness.
 */
export async function startPlatform({ dir, port, runnerPorts, bindings = {}, log = () => {}, extraOptions = {} }) {
  const configPath = path.join(ROOT, "wrangler.toml");
  const scriptPath = bundleWorker(configPath, path.join(dir, "bundle"));
  const runners = await Promise.all(runnerPorts.map((runnerPort) => startRunner({ port: runnerPort, log })));
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  const state = path.join(dir, "state");
  const options = {
    ...workerOptions,
    bindings: {
      ...workerOptions.bindings,
      JWT_SECRET: BENCH_JWT_SECRET,
      RUNNER_URLS: runners.map((r) => r.url).join(","),
      ...bindings,
    },
    name: "zukai",
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    host: "127.0.0.1",
    port,
    d1Persist: path.join(state, "d1"),
    r2Persist: path.join(state, "r2"),
    durableObjectsPersist: path.join(state, "do"),
    kvPersist: path.join(state, "kv"),
    cachePersist: path.join(state, "cache"),
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.on("data", (chunk) => log(String(chunk)));
      stderr.on("data", (chunk) => log(String(chunk)));
    },
    ...extraOptions,
  };
  const mf = new Miniflare(options);
  const url = (await mf.ready).origin;
  await migrate(mf);
  return {
    url,
    mf,
    runners,
    /** Kills runner `index` at once (SIGKILL, no drain), like a crashed container. */
    killRunner(index) {
      try {
        process.kill(-runners[index].pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
    /** Starts runner `index` again on its port. */
    async restartRunner(index) {
      await runners[index].stop();
      runners[index] = await startRunner({ port: runnerPorts[index], log });
    },
    /**
     * Restarts workerd on the same port with the same persisted state: every Durable Object is
     * evicted (its sockets drop), in-flight requests and queue invocations die mid-way. Local
     * Queues keep messages in memory, so the caller must restore what Cloudflare Queues would keep.
     */
    async restartWorker() {
      await mf.setOptions(options);
      await mf.ready;
    },
    async dispose() {
      await Promise.allSettled([mf.dispose(), ...runners.map((r) => r.stop())]);
    },
  };
}

/** Registers a user; returns its tokens (access and refresh), user id and personal workspace id. */
export async function registerUser(url, email, password = "bench password 123") {
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": `10.1.${(email.length * 7) % 250}.${Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify({ email, password, name: email.split("@")[0] }),
  });
  if (res.status !== 201) throw new Error(`registering ${email} answered ${res.status}: ${await res.text()}`);
  const body = await res.json();
  return {
    email,
    password,
    token: body.tokens.accessToken,
    refreshToken: body.tokens.refreshToken,
    userId: body.user.id,
    workspaceId: body.user.personalWorkspaceId,
  };
}
