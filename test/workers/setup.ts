// Applies the real migrations to the test D1 before each test file; an empty list is a broken
// checkout, not an empty schema, so it fails loudly.
import { applyD1Migrations, env } from "cloudflare:test";

if (env.TEST_MIGRATIONS.length === 0) throw new Error("No D1 migrations found in migrations/");
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
