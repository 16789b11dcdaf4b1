/** The CLI's HTTP side: authenticated calls to the public API, problems turned into errors. */
import { ApiError } from "../contracts/api-error";
import type { JobResource } from "../contracts/job";

export interface ApiConfig {
  baseUrl: string;
  apiKey: string;
}

export { ApiError };

/** Calls the API and parses JSON; a problem document becomes an ApiError. */
export async function call<T>(config: ApiConfig, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(config.baseUrl.replace(/\/$/, "") + path, {
    ...init,
    headers: { Authorization: `Bearer ${config.apiKey}`, ...(init.headers as Record<string, string>) },
  });
  if (!response.ok) {
    throw ApiError.fromProblem(response.status, await response.json().catch(() => null));
  }
  return (await response.json()) as T;
}

/** Downloads a file of the API to bytes. */
export async function download(config: ApiConfig, path: string): Promise<Uint8Array> {
  const response = await fetch(config.baseUrl.replace(/\/$/, "") + path, {
    headers: { Authorization: `Bearer ${config.apiKey}` },
  });
  if (!response.ok) throw new ApiError(response.status, "download_failed", `${path} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The job resource (contracts/job.ts), as the CLI reads it. */
export type JobView = JobResource;
