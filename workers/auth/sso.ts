/**
 * Enterprise SSO: ID tokens from issuers listed in SSO_ISSUERS are verified against the issuer's
 * remote JWKS (jose caches the key set per URL) and exchanged for a Zukai session.
 */
import { createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";
import { unauthorized } from "../lib/errors";

const SsoIssuer = z.object({
  issuer: z.string().url(),
  audience: z.string().min(1),
  jwksUrl: z.string().url(),
  algorithms: z.array(z.enum(["RS256", "PS256", "ES256", "EdDSA"])).default(["RS256", "ES256"]),
  /**
   * For a directory that owns every address it issues but sends no `email_verified` claim: its
   * emails count as verified. Otherwise only `email_verified: true` does.
   */
  trustEmail: z.boolean().default(false),
});
export type SsoIssuer = z.infer<typeof SsoIssuer>;

const keySets = new Map<string, JWTVerifyGetKey>();

/** The trusted issuers in the configuration; a malformed list trusts nobody. */
export function ssoIssuers(env: Pick<Env, "SSO_ISSUERS">): SsoIssuer[] {
  try {
    return z.array(SsoIssuer).parse(JSON.parse(env.SSO_ISSUERS || "[]"));
  } catch {
    return [];
  }
}

export interface SsoIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  /** Whether the issuer vouches that the user receives mail at `email` (see `trustEmail`). */
  emailVerified: boolean;
  /** True when the issuer says outright that it has not verified the email. */
  emailUnverified: boolean;
}

/** Verifies an ID token from a configured issuer and returns who it vouches for. */
export async function verifySsoToken(env: Pick<Env, "SSO_ISSUERS">, idToken: string): Promise<SsoIdentity> {
  const invalid = () =>
    unauthorized("invalid_sso_token", "The SSO token is invalid, expired or from an untrusted issuer.");
  let claimedIssuer: unknown;
  try {
    claimedIssuer = decodeJwt(idToken).iss;
  } catch {
    throw invalid();
  }
  const issuer = ssoIssuers(env).find((i) => i.issuer === claimedIssuer);
  if (!issuer) throw invalid();
  let keys = keySets.get(issuer.jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(issuer.jwksUrl), { timeoutDuration: 5000 });
    keySets.set(issuer.jwksUrl, keys);
  }
  try {
    const { payload } = await jwtVerify(idToken, keys, {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: issuer.algorithms,
      requiredClaims: ["sub", "exp", "iat", "email"],
      clockTolerance: 5,
    });
    const email = z.string().email().parse(payload.email);
    const name =
      typeof payload.name === "string" && payload.name.trim()
        ? payload.name.trim().slice(0, 100)
        : email.split("@")[0]!;
    // Some issuers send the claim as a string ("true"); anything else is not a yes.
    const claim =
      payload.email_verified === true || payload.email_verified === "true"
        ? true
        : payload.email_verified === undefined
          ? undefined
          : false;
    const emailVerified = claim === true || (claim === undefined && issuer.trustEmail);
    return {
      issuer: issuer.issuer,
      subject: String(payload.sub),
      email,
      name,
      emailVerified,
      emailUnverified: claim === false,
    };
  } catch {
    throw invalid();
  }
}
