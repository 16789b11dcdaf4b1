/**
 * Fetching a URL a tenant gave us without letting them reach our own network (SSRF): https only,
 * no credentials, the host resolved and every address checked, redirects followed by hand with
 * each hop checked again, and the whole exchange capped in time.
 */
import { AppError } from "../lib/errors";
import { isIpLiteral, isPublicAddress } from "./ip-ranges";

export interface FetchPolicy {
  fetch: typeof fetch;
  /** The addresses a host name resolves to. */
  resolve: (host: string) => Promise<string[]>;
  /** Which resolved addresses may be contacted; public unicast only unless a test says otherwise. */
  isAllowedAddress?: (ip: string) => boolean;
  /** Schemes allowed; https only unless a test says otherwise. */
  schemes?: string[];
  /** host:port pairs let through whatever they resolve to (local receivers in dev and tests). */
  allowedHosts?: ReadonlySet<string>;
  maxRedirects?: number;
  timeoutMs?: number;
  /** Request method, body and headers (GET with Accept: audio/* when absent). */
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

const refused = (reason: string) => new AppError(422, "url_not_allowed", "URL not allowed", reason);

/** Throws 422 `url_not_allowed` unless `url` may be fetched under `policy`. */
export async function checkUrl(url: URL, policy: FetchPolicy): Promise<void> {
  if (
    policy.allowedHosts?.has(url.host) &&
    ["http:", "https:"].includes(url.protocol) &&
    !url.username &&
    !url.password
  )
    return;
  if (!(policy.schemes ?? ["https:"]).includes(url.protocol))
    throw refused(`Only ${policy.schemes ?? ["https:"]} URLs are fetched.`);
  if (url.username || url.password) throw refused("URLs with credentials are not fetched.");
  // A trailing dot names the same host ("localhost." is localhost): drop it before judging the name.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (
    !host ||
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".internal")
  ) {
    throw refused("The host is a local name.");
  }
  const addresses = isIpLiteral(host) ? [host] : await policy.resolve(host);
  if (addresses.length === 0)
    throw new AppError(422, "url_unresolvable", "URL host not found", `The host ${host} does not resolve.`);
  const allowed = policy.isAllowedAddress ?? isPublicAddress;
  if (!addresses.every(allowed)) throw refused("The host resolves to a private, loopback or link-local address.");
}

/** Fetches `input` under `policy`, following at most `maxRedirects` redirects, each re-checked. */
export async function safeFetch(input: string, policy: FetchPolicy): Promise<Response> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw refused("The URL is not valid.");
  }
  const signal = AbortSignal.timeout(policy.timeoutMs ?? 30_000);
  for (let hop = 0; hop <= (policy.maxRedirects ?? 5); hop++) {
    await checkUrl(url, policy);
    let response: Response;
    try {
      response = await policy.fetch(url.toString(), {
        redirect: "manual",
        signal,
        method: policy.method ?? "GET",
        body: policy.body,
        headers: policy.headers ?? { Accept: "audio/*" },
      });
    } catch {
      // A host that refuses, drops or outwaits the connection is the URL's fault, not ours: a typed 422, never a 500.
      throw new AppError(
        422,
        "url_fetch_failed",
        "URL not fetched",
        signal.aborted ? "The URL did not answer in time." : "The URL could not be reached.",
      );
    }
    if (![301, 302, 303, 307, 308].includes(response.status)) return response;
    await response.body?.cancel();
    const location = response.headers.get("Location");
    if (!location) throw refused("A redirect had no Location.");
    url = new URL(location, url);
  }
  throw refused("Too many redirects.");
}

/** Resolves A and AAAA records over DNS-over-HTTPS (a Worker has no resolver of its own). */
export function dohResolver(
  fetcher: typeof fetch,
  endpoint = "https://cloudflare-dns.com/dns-query",
): (host: string) => Promise<string[]> {
  return async (host) => {
    const failed = () => new AppError(502, "dns_failed", "DNS lookup failed", `Could not resolve ${host}.`);
    const lookups = ["A", "AAAA"].map(async (type) => {
      const res = await fetcher(`${endpoint}?name=${encodeURIComponent(host)}&type=${type}`, {
        headers: { Accept: "application/dns-json" },
      }).catch(() => {
        throw failed();
      });
      if (!res.ok) throw failed();
      const body = (await res.json()) as { Answer?: { type: number; data: string }[] };
      return (body.Answer ?? []).filter((a) => a.type === 1 || a.type === 28).map((a) => a.data);
    });
    return (await Promise.all(lookups)).flat();
  };
}
