import { defineConfig } from "drizzle-kit";

// drizzle-kit writes flat migrations/NNNN_name.sql, which wrangler and readD1Migrations both read.
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema.ts",
  out: "./migrations",
});
