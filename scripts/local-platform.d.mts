// Types for local-platform.mjs, which stays plain JavaScript so `npm start` needs no build step.
export const ROOT: string;
export function ensureDevVars(file?: string): string;
export function applyMigrations(persistTo: string): void;
export function assertPortFree(port: number): Promise<void>;
export function startRunner(options: {
  port: number;
  log?: (chunk: string) => void;
}): Promise<{ url: string; pid: number; stop(): Promise<void> }>;
export interface LocalPlatform {
  url: string;
  runnerUrl: string;
  stop(): Promise<void>;
  output(): string;
}
export function startLocalPlatform(options?: {
  port?: number;
  runnerPort?: number;
  persistTo?: string;
  devVars?: string;
  vars?: Record<string, string>;
  log?: (chunk: string) => void;
}): Promise<LocalPlatform>;
