// Types for workerd-platform.mjs, which stays plain JavaScript so `npm start` needs no build step.
import type { LocalPlatform } from "./local-platform.mjs";
export function startWorkerdPlatform(options?: {
  port?: number;
  runnerPort?: number;
  persistTo?: string;
  vars?: Record<string, string>;
  log?: (chunk: string) => void;
}): Promise<LocalPlatform>;
