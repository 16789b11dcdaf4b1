/**
 * The console's only way to the platform: the public REST API. Access tokens live in memory; the
 * refresh token in localStorage, so a reload signs in again without a password. A 401 refreshes
 * once and retries. Errors are RFC 9457 problem documents, surfaced as ApiError.
 */
import { ApiError } from "../../../contracts/api-error";
import { createStore } from "./store";

const REFRESH_KEY = "zukai.refreshToken";

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}
export interface User {
  id: string;
  email: string;
  name: string;
  personalWorkspaceId: string;
}

/** Whether someone is signed in, and who. */
export const session = createStore<{ user: User | null; ready: boolean }>({ user: null, ready: false });
/** The workspace requests act in (sent as Zukai-Workspace on flat routes). */
export const currentWorkspaceId = createStore<string | null>(null);

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;

export { ApiError };

function storeTokens(tokens: Tokens): void {
  accessToken = tokens.accessToken;
  localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
}

/** Rotates the refresh token; false when there is none or it is no longer valid. */
async function refresh(): Promise<boolean> {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  refreshing ??= (async () => {
    const res = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      localStorage.removeItem(REFRESH_KEY);
      accessToken = null;
      return false;
    }
    storeTokens((await res.json()) as Tokens);
    return true;
  })().finally(() => (refreshing = null));
  return refreshing;
}

async function toError(res: Response): Promise<ApiError> {
  return ApiError.fromProblem(res.status, await res.json().catch(() => null));
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  workspace?: boolean;
}

/** Sends an authenticated request; refreshes the session once on 401. Returns the raw response when ok. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = { ...options.headers };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    const workspaceId = currentWorkspaceId.get();
    if (options.workspace !== false && workspaceId) headers["Zukai-Workspace"] = workspaceId;
    let body = options.body;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    return fetch(path, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  };
  let res = await send();
  if (res.status === 401 && (await refresh())) res = await send();
  if (res.status === 401) session.set({ user: null, ready: true });
  if (!res.ok) throw await toError(res);
  return res;
}

/** A JSON request; resolves with the parsed body (undefined for 204). */
export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function signedIn(tokens: Tokens): Promise<void> {
  storeTokens(tokens);
  const user = await api<User>("/api/v1/me", { workspace: false });
  currentWorkspaceId.set(localStorage.getItem(`zukai.workspace.${user.id}`) ?? user.personalWorkspaceId);
  session.set({ user, ready: true });
}

/** Creates an account and signs in. */
export async function register(email: string, password: string, name: string): Promise<void> {
  const res = await fetch("/api/v1/auth/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, name }),
  });
  if (!res.ok) throw await toError(res);
  await signedIn(((await res.json()) as { tokens: Tokens }).tokens);
}

/** Signs in with a password. */
export async function login(email: string, password: string): Promise<void> {
  const res = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw await toError(res);
  await signedIn((await res.json()) as Tokens);
}

/** Ends the session on the server and forgets the tokens here. */
export async function logout(): Promise<void> {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  localStorage.removeItem(REFRESH_KEY);
  accessToken = null;
  session.set({ user: null, ready: true });
  if (refreshToken)
    await fetch("/api/v1/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => {});
}

/** On page load: resumes the session from the stored refresh token, if any. */
export async function restoreSession(): Promise<void> {
  try {
    if (await refresh()) {
      const user = await api<User>("/api/v1/me", { workspace: false });
      currentWorkspaceId.set(localStorage.getItem(`zukai.workspace.${user.id}`) ?? user.personalWorkspaceId);
      session.set({ user, ready: true });
      return;
    }
  } catch {
    // fall through to signed out
  }
  session.set({ user: null, ready: true });
}

/** Switches the workspace the console acts in, and remembers it for this user. */
export function switchWorkspace(id: string): void {
  const user = session.get().user;
  if (user) localStorage.setItem(`zukai.workspace.${user.id}`, id);
  currentWorkspaceId.set(id);
}

/** An object URL for an authenticated file (video, downloads); revoke it when done. */
export async function blobUrl(path: string): Promise<string> {
  const res = await request(path);
  return URL.createObjectURL(await res.blob());
}
