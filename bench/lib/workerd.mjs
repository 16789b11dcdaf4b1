// Builds a Worker the way `wrangler deploy` bundles it and serves the bundle on raw workerd
// through the Miniflare API: what production runs, without wrangler dev's Node proxy.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ROOT } from "../../scripts/local-platform.mjs";

/** Bundles the Worker described by `configPath` into `outdir`; returns the bundle's path. */
export function bundleWorker(configPath, outdir) {
  const result = spawnSync(
    path.join(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", outdir, "--config", configPath],
    {
      cwd: ROOT,
      // A dry run would build the production container image; there is no Docker engine here
      // and the benchmark never starts a container, so the image step is a no-op.
      env: {
        ...process.env,
        WRANGLER_DOCKER_BIN: path.join(ROOT, "bench/lib/no-docker.sh"),
        WRANGLER_SEND_METRICS: "false",
        CI: "true",
      },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`bundling ${configPath} failed:\n${result.stdout}\n${result.stderr}`);
  return path.join(outdir, "index.js");
}

/** Serves a bundle on workerd with the bindings its wrangler config declares. */
export async function serveBundle({ configPath, scriptPath, port, bindings = {} }) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  const mf = new Miniflare({
    ...workerOptions,
    bindings: { ...workerOptions.bindings, ...bindings },
    name: path.basename(path.dirname(configPath)),
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    host: "127.0.0.1",
    port,
    // In-memory storage, so every run starts from the same empty state.
    d1Persist: false,
    r2Persist: false,
    durableObjectsPersist: false,
  });
  const url = await mf.ready;
  return { mf, url: url.origin };
}

/** Applies migrations/*.sql to a Miniflare D1 database, statement by statement. */
export async function migrate(mf) {
  const db = await mf.getD1Database("DB");
  const dir = path.join(ROOT, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    for (const statement of readFileSync(path.join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) await db.prepare(statement).run();
    }
  }
}

/** Registers a user on a served Worker; returns the access token and the personal workspace id. */
export async function registerBenchUser(url, name) {
  const body = await fetch(`${url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: `${name}@example.test`, password: "bench password 123", name }),
  }).then((r) => r.json());
  return { token: body.tokens.accessToken, workspaceId: body.user.personalWorkspaceId };
}

/** Our Worker on raw workerd with a media runner process behind it, migrated and ready. */
export async function servePlatform({ dir, runnerPort }) {
  const { startRunner } = await import("../../scripts/local-platform.mjs");
  const runner = await startRunner({ port: runnerPort });
  const config = path.join(ROOT, "wrangler.toml");
  const worker = await serveBundle({
    configPath: config,
    scriptPath: bundleWorker(config, path.join(dir, "zukai")),
    port: 0,
    bindings: { JWT_SECRET: "bench-secret-0123456789abcdef0123456789abcdef", RUNNER_URLS: runner.url },
  });
  await migrate(worker.mf);
  return { url: worker.url, runner, dispose: async () => Promise.all([worker.mf.dispose(), runner.stop()]) };
}
