/**
 * Four projects: `workers` runs inside workerd with real D1, R2, Queues and Durable Objects
 * (vitest-pool-workers); `unit` runs Node-only checks of pure code (e.g. parsers that need
 * Node); `runner` tests the media runner in Node against real ffmpeg and pocketsphinx; `e2e`
 * runs in Node against real processes (wrangler dev, the runner).
 */
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            main: "./workers/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(path.join(root, "migrations")),
                JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-0123456789",
                JWT_PRIVATE_JWK: "",
                JWT_PUBLIC_JWKS: "",
                AUTH_RATE_LIMIT_PER_MINUTE: "100000",
                MAX_UPLOAD_BYTES: String(4 * 1024 * 1024),
                RUNNER_URLS: inject("runnerUrls"),
                // The local host that plays "the internet" (audio URLs, webhook receiver).
                OUTBOUND_ALLOW_HOSTS: new URL(inject("remoteOrigin")).host,
                SSO_ISSUERS: JSON.stringify([
                  { issuer: "https://sso.example.test", audience: "zukai", jwksUrl: inject("ssoJwksUrl") },
                ]),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          testTimeout: 120_000,
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["./test/workers/setup.ts"],
          globalSetup: ["./test/workers/global-setup.ts"],
        },
      },
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "runner",
          include: ["test/runner/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
