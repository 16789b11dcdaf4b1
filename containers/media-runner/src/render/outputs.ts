/**
 * Finished render outputs, kept on this runner until the Worker has copied them to R2 and
 * deleted them, or until they expire (a Worker that never comes back must not fill the disk).
 * They live under the runner's instance directory, so a restart discards them with everything
 * else; the Worker then renders again.
 *
 * Publishing is atomic per job: files are hashed in the job's scratch directory, moved into a
 * fresh directory, and that directory is renamed into place, so a reader never sees a partial
 * set and a failed or cancelled render leaves nothing behind.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { RenderOutput } from "../protocol.ts";

/** The only names GET /outputs serves, with their content types. */
export const OUTPUT_TYPES: Readonly<Record<string, string>> = {
  "video.mp4": "video/mp4",
  "poster.png": "image/png",
  "captions.vtt": "text/vtt; charset=utf-8",
};

export interface OutputFile {
  name: string;
  /** Where the finished file is now (it is moved, not copied). */
  path: string;
}

async function describe(file: OutputFile): Promise<RenderOutput> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file.path), hash);
  const { size } = await stat(file.path);
  return {
    name: file.name,
    contentType: OUTPUT_TYPES[file.name] ?? "application/octet-stream",
    size,
    sha256: hash.digest("hex"),
  };
}

/** The outputs of finished renders on this runner, by job id. */
export class OutputStore {
  readonly #root: string;
  readonly #ttlMs: number;
  readonly #expiry = new Map<string, number>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(instanceDir: string, ttlMs: number) {
    this.#root = join(instanceDir, "outputs");
    this.#ttlMs = ttlMs;
    // Often enough that a set outlives its time-to-live by at most a few minutes, never busy-looping.
    this.#sweeper = setInterval(() => void this.sweep(), Math.min(Math.max(ttlMs, 1000), 5 * 60_000));
    this.#sweeper.unref();
  }

  /** Hashes and moves `files` into the job's output directory, replacing an earlier set. */
  async publish(jobId: string, files: readonly OutputFile[]): Promise<RenderOutput[]> {
    const outputs = await Promise.all(files.map(describe));
    await mkdir(this.#root, { recursive: true });
    const staging = join(this.#root, `.staging-${randomUUID()}`);
    await mkdir(staging);
    try {
      for (const file of files) await rename(file.path, join(staging, file.name));
      await this.remove(jobId);
      await rename(staging, this.#dir(jobId));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    this.#expiry.set(jobId, Date.now() + this.#ttlMs);
    return outputs;
  }

  /** The path and type of a published output, or undefined when there is none by that name. */
  async find(jobId: string, name: string): Promise<{ path: string; contentType: string; size: number } | undefined> {
    const contentType = OUTPUT_TYPES[name];
    if (!contentType || !this.#expiry.has(jobId)) return undefined;
    const path = join(this.#dir(jobId), name);
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? { path, contentType, size: info.size } : undefined;
  }

  /** Deletes a job's outputs; false when it had none. */
  async remove(jobId: string): Promise<boolean> {
    const had = this.#expiry.delete(jobId);
    await rm(this.#dir(jobId), { recursive: true, force: true });
    return had;
  }

  /** Deletes every set older than the time-to-live. */
  async sweep(now = Date.now()): Promise<void> {
    for (const [jobId, expiresAt] of this.#expiry) if (expiresAt <= now) await this.remove(jobId);
  }

  /** Stops the periodic sweep (the runner is closing; its directory goes with it). */
  close(): void {
    clearInterval(this.#sweeper);
  }

  #dir(jobId: string): string {
    return join(this.#root, jobId);
  }
}
