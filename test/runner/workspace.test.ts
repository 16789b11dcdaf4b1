/** Files left by a runner that was killed outright are removed by the next runner to start. */
import { execFile } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createInstanceDir } from "../../containers/media-runner/src/workspace.ts";
import { scratchDir } from "./helpers.ts";

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = execFile("true");
  await promisify((callback: () => void) => child.on("exit", () => callback()))();
  if (!child.pid) throw new Error("could not start `true`");
  return child.pid;
}

describe("createInstanceDir", () => {
  it("sweeps directories of dead runners, keeps live ones and anything else", async () => {
    const workDir = await scratchDir();
    const orphan = `runner-${await deadPid()}-AbC123`;
    await mkdir(join(workDir, orphan, "job_01abcdefghjkmnpqrstvwxyz01-x"), { recursive: true });
    await writeFile(join(workDir, orphan, "job_01abcdefghjkmnpqrstvwxyz01-x", "source"), "audio");
    const live = `runner-${process.pid}-Live01`;
    await mkdir(join(workDir, live));
    await mkdir(join(workDir, "unrelated"));

    const mine = createInstanceDir(workDir);

    const entries = await readdir(workDir);
    expect(entries).not.toContain(orphan);
    expect(entries).toEqual(expect.arrayContaining([live, "unrelated", mine.split("/").at(-1)]));
    expect(await readdir(mine)).toEqual([]);
  });
});
