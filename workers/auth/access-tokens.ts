/**
 * Access tokens: short-lived JWTs signed and verified with jose. The algorithm is pinned by
 * configuration (HS256 with JWT_SECRET locally; ES256/RS256/EdDSA with JWT_PRIVATE_JWK and
 * JWT_PUBLIC_JWKS in production), and iss, aud, exp, nbf and typ are always checked.
 */
import {
  createLocalJWKSet,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from "jose";
import { unauthorized } from "../lib/errors";
import { newId } from "../lib/ids";

export const ACCESS_TOKEN_TYPE = "at+jwt";
const ASYMMETRIC = new Set(["ES256", "RS256", "PS256", "EdDSA"]);

export interface AccessTokenKeys {
  algorithm: string;
  kid: string;
  signingKey: CryptoKey | Uint8Array;
  verificationKey: JWTVerifyGetKey;
}

type KeyEnv = Pick<Env, "JWT_ALGORITHM" | "JWT_SECRET" | "JWT_PRIVATE_JWK" | "JWT_PUBLIC_JWKS">;

// Importing keys costs a few hundred microseconds; keep them per isolate, keyed by the
// configuration they came from, so a rotated secret is picked up at once.
const keyCache = new Map<string, Promise<AccessTokenKeys>>();

/** The signing and verification keys that the configuration names. */
export function accessTokenKeys(env: KeyEnv): Promise<AccessTokenKeys> {
  const cacheKey = [env.JWT_ALGORITHM, env.JWT_SECRET, env.JWT_PRIVATE_JWK, env.JWT_PUBLIC_JWKS].join("\u0000");
  let keys = keyCache.get(cacheKey);
  if (!keys) {
    keys = loadKeys(env);
    keys.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, keys);
  }
  return keys;
}

async function loadKeys(env: KeyEnv): Promise<AccessTokenKeys> {
  const algorithm = env.JWT_ALGORITHM;
  if (algorithm === "HS256") {
    if (!env.JWT_SECRET || env.JWT_SECRET.length < 32)
      throw new Error("JWT_SECRET must be at least 32 characters for HS256");
    const secret = new TextEncoder().encode(env.JWT_SECRET);
    // The kid names the secret (not reveals it), so a token from another secret is told apart early.
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", secret));
    const kid = `hs-${[...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    // An imported CryptoKey, not raw bytes: jose would otherwise import the secret on every call.
    const hmacKey = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    const verificationKey: JWTVerifyGetKey = (header) => {
      if (header.kid !== kid) throw unauthorized("invalid_token", "The token's key is not known.");
      return hmacKey;
    };
    return { algorithm, kid, signingKey: hmacKey, verificationKey };
  }
  if (!ASYMMETRIC.has(algorithm)) throw new Error(`Unsupported JWT_ALGORITHM ${algorithm}`);
  const privateJwk = JSON.parse(env.JWT_PRIVATE_JWK) as JWK;
  const jwks = JSON.parse(env.JWT_PUBLIC_JWKS) as JSONWebKeySet;
  if (!privateJwk.kid) throw new Error("JWT_PRIVATE_JWK needs a kid");
  const signingKey = await importJWK(privateJwk, algorithm);
  if (!(signingKey instanceof CryptoKey)) throw new Error("JWT_PRIVATE_JWK is not an asymmetric key");
  return { algorithm, kid: privateJwk.kid, signingKey, verificationKey: createLocalJWKSet(jwks) };
}

export interface AccessTokenClaims {
  /** The user id. */
  sub: string;
  /** The refresh-token family (login session) the token was issued for. */
  sid: string;
}

/** Signs a new access token for `claims`. */
export async function signAccessToken(
  env: Env,
  claims: AccessTokenClaims,
): Promise<{ token: string; expiresIn: number }> {
  const keys = await accessTokenKeys(env);
  const expiresIn = Number(env.ACCESS_TOKEN_TTL_SECONDS) || 900;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: keys.algorithm, kid: keys.kid, typ: ACCESS_TOKEN_TYPE })
    .setSubject(claims.sub)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + expiresIn)
    .setJti(newId("req").slice(4))
    .sign(keys.signingKey);
  return { token, expiresIn };
}

/** Verifies an access token and returns its claims; any failure is a 401 `invalid_token`. */
export async function verifyAccessToken(
  token: string,
  keys: AccessTokenKeys,
  expected: { issuer: string; audience: string },
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, keys.verificationKey, {
      algorithms: [keys.algorithm],
      issuer: expected.issuer,
      audience: expected.audience,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ["sub", "exp", "nbf", "iat"],
      clockTolerance: 5,
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") throw new Error("missing claims");
    return { sub: payload.sub, sid: payload.sid };
  } catch {
    throw unauthorized("invalid_token", "The access token is invalid or expired.");
  }
}
