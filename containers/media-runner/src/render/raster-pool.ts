/**
 * A few resvg child processes (raster-worker.mjs) for one render: font loading is synchronous
 * and would stall the runner's event loop, and resvg-js can abort the process it runs in. A
 * crashed child fails the render with a clear error; an aborted job kills the children.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { RunnerFailure } from "../errors.ts";
import { abortReason } from "../process.ts";
import type { FontSetup } from "./rasterise.ts";
import { SYSTEM_FONTS } from "./rasterise.ts";

const Reply = z.union([
  z.object({ id: z.number(), flat: z.string() }),
  z.object({ id: z.number(), width: z.number().int(), height: z.number().int(), pixels: z.instanceof(Uint8Array) }),
  z.object({ id: z.number(), error: z.string() }),
]);
type Reply = z.infer<typeof Reply>;

type Request = { op: "flatten"; svg: string; fonts: FontSetup } | { op: "render"; svg: string; background: string };

export interface RasterPool {
  /** The SVG with its text laid out into paths. */
  flatten(svg: string): Promise<string>;
  /** RGBA pixels of an SVG that needs no fonts (a flattened one), at its own size. */
  render(svg: string, background: string): Promise<{ width: number; height: number; pixels: Uint8Array }>;
  close(): void;
}

const WORKER = fileURLToPath(new URL("./raster-worker.mjs", import.meta.url));

/** Starts `size` children; each runs one request at a time. */
export function startRasterPool(size: number, signal: AbortSignal, fonts: FontSetup = SYSTEM_FONTS): RasterPool {
  const pending = new Map<
    number,
    { child: ChildProcess | null; resolve(reply: Reply): void; reject(error: unknown): void }
  >();
  const queue: Array<{ id: number; request: Request }> = [];
  const idle: ChildProcess[] = [];
  let nextId = 0;
  let closed = false;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift();
      const child = idle.pop();
      if (!job || !child) return;
      const waiting = pending.get(job.id);
      if (waiting) waiting.child = child;
      child.send({ id: job.id, ...job.request });
    }
  };
  const children = Array.from({ length: Math.max(1, size) }, () => {
    // Advanced serialisation carries the pixels as bytes, not as a JSON array of numbers.
    const child = fork(WORKER, [], {
      execArgv: [],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on("message", (message: unknown) => {
      const reply = Reply.parse(message);
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      waiting?.resolve(reply);
      idle.push(child);
      dispatch();
    });
    child.on("exit", (code, exitSignal) => {
      if (closed) return;
      // A crash is the input's doing (the same scene would crash again): the render fails whole.
      fail(
        new RunnerFailure(
          "engine_failed",
          `the rasteriser stopped (${exitSignal ?? `exit code ${code}`}): ${stderr.trim().split("\n").slice(0, 3).join(" ")}`,
        ),
      );
    });
    idle.push(child);
    return child;
  });
  function fail(error: unknown) {
    closed = true;
    for (const child of children) child.kill();
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    queue.length = 0;
  }
  const close = () => fail(abortReason(signal));
  signal.addEventListener("abort", close, { once: true });
  const ask = (request: Request) =>
    new Promise<Reply>((resolve, reject) => {
      if (signal.aborted || closed) return reject(abortReason(signal));
      const id = nextId++;
      pending.set(id, { child: null, resolve, reject });
      queue.push({ id, request });
      dispatch();
    }).then((reply) => {
      if ("error" in reply) throw new RunnerFailure("engine_failed", `a scene could not be rasterised: ${reply.error}`);
      return reply;
    });
  return {
    async flatten(svg) {
      const reply = await ask({ op: "flatten", svg, fonts });
      if (!("flat" in reply)) throw new RunnerFailure("engine_failed", "the rasteriser answered out of turn");
      return reply.flat;
    },
    async render(svg, background) {
      const reply = await ask({ op: "render", svg, background });
      if (!("pixels" in reply)) throw new RunnerFailure("engine_failed", "the rasteriser answered out of turn");
      return reply;
    },
    close() {
      signal.removeEventListener("abort", close);
      close();
    },
  };
}
