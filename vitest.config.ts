/**
 * Four projects: `workers` runs inside workerd with real D1, R2, Queues and Durable Objects
 * (vitest-pool-workers); `unit` runs Node-only checks of pure code (e.g. parsers that need
 * Node); `runner` tests the media runner in Node against real ffmpeg and pocketsphinx; `e2e`
 * runs in Node against real processes (wrangler dev, the runner).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
// wrangler.toml serves the console from web/dist; the Worker tests need the directory, not a build.
mkdirSync(path.join(root, "web", "dist"), { recursive: true });

export default defineConfig({
  test: {
    // Two files at a time on the 2-core CI machine: most of a file's time is spent waiting on
    // workerd, the runners and ffmpeg. Tests that kill a shared runner take its lease first
    // (test/workers/runner-control.ts); the e2e files, each a whole platform, still run one by one.
    maxWorkers: 2,
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
                // Operator secrets for /metrics and /api/v1/admin/* (test/workers/metrics.test.ts, admin.test.ts).
                METRICS_TOKEN: "test-metrics-token-0123456789abcdef",
                ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
                MAX_UPLOAD_BYTES: String(4 * 1024 * 1024),
                RUNNER_URLS: inject("runnerUrls"),
                // The local host that plays "the internet" (audio URLs, webhook receiver).
                OUTBOUND_ALLOW_HOSTS: new URL(inject("remoteOrigin")).host,
                // Tenant alert email and SMS providers: the same local receiver, inspected by the tests.
                ALERT_EMAIL_URL: `${inject("remoteOrigin")}/webhook/alert-email`,
                ALERT_SMS_URL: `${inject("remoteOrigin")}/webhook/alert-sms`,
                ALERT_PROVIDER_TOKEN: "test-alert-provider-token",
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
