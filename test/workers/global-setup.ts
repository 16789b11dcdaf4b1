/**
 * Runs in Node before the Worker tests and starts the real local processes they talk to over
 * 127.0.0.1: an SSO issuer's JWKS, a host that plays "the internet" (and serves the spoken test
 * recordings), and two media runner processes with a control server to kill and restart them.
 * Their addresses reach the Worker through `inject` (see vitest.config.ts).
 */
import type { TestProject } from "vitest/node";
import { startRemoteHost } from "../fixtures/remote-host";
import { startRunnerPool } from "../fixtures/runner-pool";
import { speechWav } from "../fixtures/speech";
import { startSsoIssuer } from "../fixtures/sso-issuer";
import "./provided-context";

const SHORT = ["First we collect the data.", "Then we analyse the results.", "Finally we draw the diagram."];

export default async function setup(project: TestProject) {
  const long = Array.from(
    { length: 8 },
    (_, i) => `Part ${i + 1}. ${SHORT.join(" ")} This repeats so that the recording is long.`,
  );
  const [sso, remote, runners] = await Promise.all([
    startSsoIssuer(),
    startRemoteHost({ "/speech/short.wav": speechWav(SHORT), "/speech/long.wav": speechWav(long, 1.2) }),
    startRunnerPool(2),
  ]);
  project.provide("ssoJwksUrl", sso.jwksUrl);
  project.provide("ssoPrivateJwk", sso.privateJwk);
  project.provide("remoteOrigin", remote.origin);
  project.provide("runnerUrls", runners.urls.join(","));
  project.provide("runnerControlUrl", runners.controlUrl);
  return async () => {
    await Promise.all([sso.close(), remote.close(), runners.close()]);
  };
}
