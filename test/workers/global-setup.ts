/**
 * Runs in Node before the Worker tests: serves an enterprise SSO issuer's JWKS on 127.0.0.1 so
 * the Worker verifies SSO tokens against a real remote key set, and hands the signing key to tests.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import "./provided-context";

export default async function setup(project: TestProject) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "sso-1", alg: "ES256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "sso-1", alg: "ES256" };
  const server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  project.provide("ssoJwksUrl", `http://127.0.0.1:${port}/.well-known/jwks.json`);
  project.provide("ssoPrivateJwk", JSON.stringify(privateJwk));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
