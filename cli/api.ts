/** The CLI's HTTP side: authenticated calls to the public API, problems turned into errors. */

export interface ApiConfig {
  baseUrl: string;
  apiKey: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the API and parses JSON; a problem document becomes an ApiError. */
export async function call<T>(config: ApiConfig, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(config.baseUrl.replace(/\/$/, "") + path, {
    ...init,
    headers: { Authorization: `Bearer ${config.apiKey}`, ...(init.headers as Record<string, string>) },
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? "http_error",
      problem.detail ?? problem.title ?? `HTTP ${response.status}`,
    );
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

export interface JobView {
  id: string;
  kind: string;
  status: string;
  stage: string | null;
  stages: { name: string; status: string }[];
  progress: number;
  etaSeconds: number | null;
  currentOperation: string | null;
  error: { code: string; message: string } | null;
  transcriptId: string | null;
  createdAt: string;
}
