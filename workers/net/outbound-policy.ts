/**
 * The policy for every request the platform makes to a URL a tenant gave (audio URLs, webhooks):
 * public https only. OUTBOUND_ALLOW_HOSTS (host:port list, empty in production) lets named local
 * hosts through, over http too, so development and tests can use real receivers on 127.0.0.1.
 */
import { isPublicAddress } from "./ip-ranges";
import { dohResolver, type FetchPolicy } from "./safe-fetch";

/** The outbound fetch policy of this deployment. */
export function outboundPolicy(
  env: Pick<Env, "OUTBOUND_ALLOW_HOSTS">,
  overrides: Partial<FetchPolicy> = {},
): FetchPolicy {
  const allowed = new Set(
    env.OUTBOUND_ALLOW_HOSTS.split(",")
      .map((h) => h.trim())
      .filter(Boolean),
  );
  const fetcher: typeof fetch = (input, init) => fetch(input, init);
  return {
    fetch: fetcher,
    resolve: dohResolver(fetcher),
    schemes: ["https:"],
    allowedHosts: allowed,
    isAllowedAddress: isPublicAddress,
    ...overrides,
  };
}
