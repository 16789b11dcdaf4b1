/**
 * The system of record in D1. Every tenant-owned table carries `workspace_id` and an index
 * that leads with it, so every query a workspace makes stays inside its own slice.
 * Times are ISO 8601 UTC strings; ids are prefixed and time-sortable (see lib/ids.ts).
 * The tables live in tables/, one file per area; this module is what the code and drizzle-kit read.
 */
export * from "./tables/accounts";
export * from "./tables/billing";
export * from "./tables/events";
export * from "./tables/jobs";
export * from "./tables/operations";
export * from "./tables/workspaces";
