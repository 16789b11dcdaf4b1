// Types for chaos-run.mjs, which stays plain JavaScript like the other benchmarks.
export type Fault = "kill" | "duplicate" | "drop" | "restart";
export interface ChaosReport {
  accepted: number;
  recorded: number;
  unacknowledged: number;
  stuckIdempotencyKeys: number;
  succeeded: number;
  failed: number;
  failedByReason: Record<string, number>;
  lost: number;
  duplicated: number;
  orphanedObjects: number;
  missingObjects: number;
  streamGaps: number;
  streamRepeats: number;
  endsNotAnnounced: number;
  events: number;
  violations: { job?: string; problem: string }[];
}
export interface ChaosResult {
  counts: { submitted: number; refused: Record<string, number>; unanswered: number };
  faults: Record<
    Fault | "restoredMessages" | "consumerCrash" | "commitFail" | "hubEvict" | "timedKill" | "submitRetries",
    number
  >;
  report: ChaosReport;
  followers: { events: number; drops: number; reconnects: number }[];
}
/** Marks for a run of `jobs`, each fault every `every[fault]` accepted jobs divided by `multiplier`. */
export function faultPlan(
  jobs: number,
  every?: Partial<Record<Fault, number>>,
  multiplier?: number,
): { at: number; fault: Fault }[];
export function runChaos(options: {
  dir: string;
  port: number;
  runnerPorts: number[];
  jobs: number;
  /** Multiplies every fault rate (default 1). */
  faults?: number;
  plan?: { at: number; fault: Fault }[];
  jobsPerWorkspace?: number;
  maxInFlight?: number;
  consumerCrash?: number;
  commitFail?: number;
  hubEvict?: number;
  killEverySeconds?: number;
  settleMs?: number;
  progress?: (line: string) => void;
}): Promise<ChaosResult>;
