/**
 * API10 unsafe consumption of APIs: what the platform receives from hosts it calls — a tenant's
 * audio host, a media runner, an SSO issuer's JWKS — is validated, and a host that answers
 * nonsense (or nothing) ends in a clean, typed refusal. The "hosts" are real local servers: the
 * test's remote host (a file, a JSON counter, a 404, redirects) standing in for each of them.
 */
import { env } from "cloudflare:test";
import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { TranscribeLine } from "../../../containers/media-runner/src/protocol";
import { verifySsoToken } from "../../../workers/auth/sso";
import { transcribeFromUrl } from "../../../workers/intake/create-transcription";
import { AppError } from "../../../workers/lib/errors";
import { type RunnerEndpoint, runnerLines, TransientRunnerError } from "../../../workers/runners/runner-client";
import { registerUser, type TestUser } from "../helpers";
import "../provided-context";
import { sec } from "./owasp";
import { expectRefused, probe } from "./surface";

let user: TestUser;
const origin = () => inject("remoteOrigin");

beforeAll(async () => {
  user = await registerUser("api10");
});

async function nothingKept() {
  const objects = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/` })).objects.length;
  const jobs = (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
    .bind(user.workspaceId)
    .first<{ n: number }>())!.n;
  expect({ objects, jobs }).toEqual({ objects: 0, jobs: 0 });
}

describe("API10 remote audio hosts", () => {
  it(sec("API10", "a remote host serving JSON instead of audio is refused with 415, keeping nothing"), async () => {
    const res = await probe("/api/v1/transcribe", { token: user.accessToken, json: { url: `${origin()}/hits` } });
    expectRefused(res, "JSON as audio", [415], ["unsupported_audio"]);
    await nothingKept();
  });

  it(sec("API10", "a remote 404, an endless redirect and an error page are refused with 422"), async () => {
    for (const path of ["/no-such-file.wav", "/loop", "/webhook/none?fail=1"]) {
      const res = await probe("/api/v1/transcribe", { token: user.accessToken, json: { url: `${origin()}${path}` } });
      expectRefused(res, path, [415, 422]);
    }
    await nothingKept();
  });

  it(
    sec("API10", "an allowed host that refuses the connection ends in a typed refusal, not an internal error"),
    async () => {
      // The deployment's allow-list names a port nothing listens on: the connection itself fails.
      const unreachable = { ...env, OUTBOUND_ALLOW_HOSTS: "127.0.0.1:9" } as Env;
      const failure = await transcribeFromUrl(
        unreachable,
        { workspaceId: user.workspaceId, userId: user.userId },
        "http://127.0.0.1:9/a.wav",
        {},
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, String(failure)).toBeInstanceOf(AppError);
      expect([422, 502, 504]).toContain((failure as AppError).status);
      await nothingKept();
    },
  );
});

describe("API10 media runners", () => {
  /** A "runner" that is really the remote host answering `path` whatever it is asked. */
  const impostor = (path: string): RunnerEndpoint => ({
    name: `impostor${path}`,
    fetch: () => fetch(`${origin()}${path}`),
  });

  it(
    sec("API10", "a runner answering outside the protocol (JSON, binary, 404) is a transient failure, never a result"),
    async () => {
      for (const path of ["/hits", "/speech/short.wav", "/nope"]) {
        const lines: unknown[] = [];
        const outcome = await (async () => {
          for await (const line of runnerLines(impostor(path), "/transcribe", { method: "POST" }, TranscribeLine))
            lines.push(line);
        })().then(
          () => "completed",
          (error: unknown) => error,
        );
        expect(outcome, path).toBeInstanceOf(TransientRunnerError);
        expect(
          lines.filter((l: any) => l.type === "result"),
          path,
        ).toEqual([]);
      }
    },
  );
});

describe("API10 SSO issuers", () => {
  it(sec("API10", "an issuer whose JWKS URL serves garbage or nothing refuses the token cleanly (401)"), async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ email: "x@corp.example" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setIssuer("https://broken-sso.example.test")
      .setAudience("zukai")
      .setSubject("x")
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    for (const path of ["/hits", "/speech/short.wav", "/no-jwks", "/loop"]) {
      const broken = {
        SSO_ISSUERS: JSON.stringify([
          { issuer: "https://broken-sso.example.test", audience: "zukai", jwksUrl: `${origin()}${path}` },
        ]),
      };
      const failure = await verifySsoToken(broken, token).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, path).toBeInstanceOf(AppError);
      expect(failure, path).toMatchObject({ status: 401, code: "invalid_sso_token" });
    }
  });
});
