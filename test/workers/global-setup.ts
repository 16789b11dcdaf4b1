/**
 * Runs in Node before the Worker tests and starts the real local processes they talk to over
 * 127.0.0.1: an SSO issuer's JWKS, a host that plays "the internet" for URL inputs, and media
 * runners. Their addresses reach the Worker through `inject` (see vitest.config.ts).
 */
import type { TestProject } from "vitest/node";
import { startRemoteHost } from "../fixtures/remote-host";
import { startSsoIssuer } from "../fixtures/sso-issuer";
import "./provided-context";

export default async function setup(project: TestProject) {
  const sso = await startSsoIssuer();
  const remote = await startRemoteHost();
  project.provide("ssoJwksUrl", sso.jwksUrl);
  project.provide("ssoPrivateJwk", sso.privateJwk);
  project.provide("remoteOrigin", remote.origin);
  project.provide("runnerUrls", "http://127.0.0.1:9");
  return async () => {
    await Promise.all([sso.close(), remote.close()]);
  };
}
