// Fails when worker-configuration.d.ts no longer matches wrangler.toml. (`wrangler types --check`
// ignores --env-file and so reports a clean clone, which has no .dev.vars, as out of date.)
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./local-platform.mjs";

// Generated beside the committed file, so the relative import paths inside it come out the same.
const fresh = path.join(ROOT, ".worker-configuration.check.d.ts");
const result = spawnSync(
  path.join(ROOT, "node_modules/.bin/wrangler"),
  ["types", fresh, "--env-file", ".dev.vars.example", "--strict-vars=false"],
  { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
// The first line names the command (and so the output path); everything after it must match.
const body = (file) => readFileSync(file, "utf8").split("\n").slice(2).join("\n");
const upToDate = body(fresh) === body(path.join(ROOT, "worker-configuration.d.ts"));
rmSync(fresh, { force: true });
if (!upToDate) {
  console.error("worker-configuration.d.ts is out of date: run `npm run types` and commit it.");
  process.exit(1);
}
console.log("worker-configuration.d.ts matches wrangler.toml");
