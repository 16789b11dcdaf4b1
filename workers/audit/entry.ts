/**
 * The shape of one audit entry and how it is hashed. The hub hashes when it appends and the verify
 * route hashes again from the stored row, so both sides use exactly this code and these fields.
 */
import { sha256Hex } from "../lib/crypto";

/** The hash the first entry of a workspace chains to. */
export const GENESIS_HASH = "0".repeat(64);

/** Who made a change: a signed-in user, a workspace API key, or the platform itself (queue, cron). */
export interface AuditActor {
  type: "user" | "api_key" | "system";
  id: string;
}

/** What changed: the action (`resource.verb`), its target and, where it helps, the state before and after. */
export interface AuditChange {
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

/** Where the change came from. */
export interface AuditMeta {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** What the Worker hands the hub: everything but the position in the chain. */
export interface AuditAppend {
  /** Fixed when the change is written (outbox), so a replayed append recognises the entry. */
  id?: string;
  /** When the change was made, not when the hub got to append it. */
  at?: string;
  workspaceId: string;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string };
  beforeJson: string | null;
  afterJson: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** One stored entry, column for column as in D1 `audit_log`. */
export interface AuditRow {
  workspaceId: string;
  seq: number;
  id: string;
  at: string;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  beforeJson: string | null;
  afterJson: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so equal values always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** A before/after value as stored: canonical JSON text, or null when absent. */
export function snapshotJson(value: unknown): string | null {
  if (value === undefined) return null;
  // Round-trip first so that Dates, toJSON and undefined members become what JSON keeps of them.
  return canonicalJson(JSON.parse(JSON.stringify(value)) as unknown);
}

/** SHA-256 (hex) of the previous hash followed by the canonical JSON of every field but `hash`. */
export async function hashEntry(row: Omit<AuditRow, "hash">): Promise<string> {
  const { prevHash, ...fields } = row;
  return sha256Hex(prevHash + canonicalJson(fields));
}
