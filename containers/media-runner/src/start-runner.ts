/**
 * Serves the runner app on Node. Used by server.ts (the process entry point) and by test setups
 * that want a real runner in-process.
 */

import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createRunnerApp } from "./app.ts";
import type { RunnerOptions } from "./config.ts";

export interface StartRunnerOptions extends RunnerOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
}

export interface RunningRunner {
  url: string;
  /** This runner's directory under workDir (job files live there; removed on close). */
  instanceDir: string;
  /**
   * Graceful stop: refuse new jobs, let every streaming job finish its current chunk and end
   * its stream with a retryable error line, kill what is left after the grace period, then close.
   */
  close(): Promise<void>;
}

/** Starts the runner's HTTP server; resolves once it is listening. */
export async function startRunner(options: StartRunnerOptions = {}): Promise<RunningRunner> {
  const { app, registry, config, instanceDir, outputs } = createRunnerApp(options);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: options.port ?? 8790, hostname: host }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    registry.beginShutdown();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const grace = setTimeout(() => registry.abortAll(), config.shutdownGraceMs);
    await registry.whenIdle();
    clearTimeout(grace);
    // Streams end with their final line; give idle keep-alive sockets no reason to linger.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    await serverClosed;
    outputs.close();
    await rm(instanceDir, { recursive: true, force: true });
  };

  return {
    url: `http://${urlHost}:${port}`,
    instanceDir,
    close() {
      closing ??= close();
      return closing;
    },
  };
}
