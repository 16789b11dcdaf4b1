/**
 * The runner's scratch space on disk. Each runner process works in its own directory under
 * workDir (several local runners may share one workDir), named after its pid, so a runner that
 * was killed outright (SIGKILL, OOM) leaves files that the next runner to start can recognise
 * as orphaned and remove. Within it, each job has a directory starting with the job id.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const INSTANCE_DIR = /^runner-(\d+)-/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes directories of runner processes that no longer exist; returns how many were removed. */
export function sweepOrphanedInstanceDirs(workDir: string): number {
  let removed = 0;
  for (const entry of readdirSync(workDir)) {
    const pid = Number(INSTANCE_DIR.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(workDir, entry), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Creates this process's directory under workDir, after clearing what dead runners left there. */
export function createInstanceDir(workDir: string): string {
  mkdirSync(workDir, { recursive: true });
  sweepOrphanedInstanceDirs(workDir);
  return mkdtempSync(join(workDir, `runner-${process.pid}-`));
}
