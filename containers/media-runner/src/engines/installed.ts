/**
 * Whether an engine's files are on this machine right now. /healthz asks on every probe, so a
 * model deleted or mounted after start-up changes what the runner says it can do.
 */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** True when `path` exists with `mode` access (readable by default). */
export async function isReadable(path: string, mode = constants.R_OK): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

/** True when `binary` (a path, or a name looked up on PATH) is an executable file. */
export async function findExecutable(binary: string): Promise<boolean> {
  if (binary.includes("/")) return isReadable(binary, constants.X_OK);
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const dir of dirs) if (await isReadable(join(dir, binary), constants.X_OK)) return true;
  return false;
}
