/**
 * zukai — the command-line client of the Zukai API.
 *   zukai run <audio file | https URL> [--type auto] [--resolution 720p] [--captions off] [--out ./out]
 *   zukai jobs | zukai watch <job> | zukai cancel <job>
 * Connection: --api (or ZUKAI_API, default http://127.0.0.1:8787) and --key (or ZUKAI_API_KEY).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { connectRealtime, type SocketConstructor } from "../contracts/realtime-client";
import { PIPELINE_OPTION_NAMES } from "../contracts/recording-options";
import { type ApiConfig, ApiError, call, download, type JobView } from "./api";
import { ProgressView } from "./progress";

const PIPELINE_OPTIONS: readonly string[] = PIPELINE_OPTION_NAMES;

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) flags[arg.slice(2)] = argv[i + 1] && !argv[i + 1]!.startsWith("--") ? argv[++i]! : "true";
    else positional.push(arg);
  }
  return { positional, flags };
}

async function workspaceOf(config: ApiConfig): Promise<string> {
  const { items } = await call<{ items: { id: string }[] }>(config, "/api/v1/workspaces");
  if (!items[0]) throw new Error("The API key reaches no workspace.");
  return items[0].id;
}

/** Submits a recording as a pipeline job. */
async function submit(config: ApiConfig, source: string, flags: Record<string, string>): Promise<JobView> {
  const options = Object.fromEntries(PIPELINE_OPTIONS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]!]));
  if (/^https?:\/\//.test(source)) {
    return call<JobView>(config, "/api/v1/pipelines", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ url: source, ...options }),
    });
  }
  const form = new FormData();
  for (const [k, v] of Object.entries(options)) form.append(k, v);
  form.append("file", new Blob([readFileSync(source)]), path.basename(source));
  return call<JobView>(config, "/api/v1/pipelines", { method: "POST", body: form });
}

/** Follows a job live over the workspace socket (with REST polling as the safety net) until it ends. */
async function watch(config: ApiConfig, jobId: string): Promise<JobView> {
  let job = await call<JobView>(config, `/api/v1/jobs/${jobId}`);
  const view = new ProgressView(job.stages.map((s) => s.name));
  const workspaceId = await workspaceOf(config);
  const socket = connectRealtime({
    baseUrl: config.baseUrl,
    workspaceId,
    auth: { apiKey: config.apiKey },
    WebSocket: WebSocket as unknown as SocketConstructor,
    subscriptions: [{ kind: "job", jobId }],
    onEvent: (event) => {
      if (event.type === "job:progress" && event.jobId === jobId) {
        view.update(event.stage, {
          percent: event.progress,
          etaSeconds: event.estimatedTimeRemaining,
          operation: event.currentOperation,
          status: "running",
        });
      }
    },
  });
  try {
    while (!["succeeded", "failed", "canceled"].includes(job.status)) {
      await new Promise((r) => setTimeout(r, 1000));
      job = await call<JobView>(config, `/api/v1/jobs/${jobId}`);
      for (const stage of job.stages)
        if (stage.status !== "running" && stage.status !== "pending")
          view.update(stage.name, {
            status: stage.status,
            percent: stage.status === "succeeded" ? 100 : undefined,
            operation: stage.status,
            etaSeconds: null,
          });
    }
  } finally {
    socket.close();
    view.finish();
  }
  return job;
}

/** Writes every output of a finished pipeline into `dir`. */
async function saveOutputs(config: ApiConfig, job: JobView, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const suffix = job.id.slice(4);
  const files: [string, string][] = [
    [`/api/v1/transcripts/trn_${suffix}.txt`, "transcript.txt"],
    [`/api/v1/transcripts/trn_${suffix}.srt`, "transcript.srt"],
    [`/api/v1/diagrams/dgm_${suffix}.svg`, "diagram.svg"],
    [`/api/v1/diagrams/dgm_${suffix}.mmd`, "diagram.mmd"],
    [`/api/v1/diagrams/dgm_${suffix}.json`, "diagram.json"],
    [`/api/v1/videos/vid_${suffix}.mp4`, "video.mp4"],
    [`/api/v1/videos/vid_${suffix}.png`, "poster.png"],
  ];
  const written: string[] = [];
  for (const [url, name] of files) {
    writeFileSync(path.join(dir, name), await download(config, url));
    written.push(path.join(dir, name));
  }
  return written;
}

/** Runs a command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const config: ApiConfig = {
    baseUrl: flags.api ?? process.env.ZUKAI_API ?? "http://127.0.0.1:8787",
    apiKey: flags.key ?? process.env.ZUKAI_API_KEY ?? "",
  };
  const [command, target] = positional;
  if (!config.apiKey && command) throw new Error("Set --key or ZUKAI_API_KEY (npm start prints one).");
  switch (command) {
    case "run": {
      if (!target) throw new Error("usage: zukai run <audio file | https URL>");
      const accepted = await submit(config, target, flags);
      console.log(`job ${accepted.id} accepted`);
      const job = await watch(config, accepted.id);
      if (job.status !== "succeeded")
        throw new Error(`job ${job.id} ${job.status}: ${job.error?.code ?? ""} ${job.error?.message ?? ""}`);
      const files = await saveOutputs(config, job, path.join(flags.out ?? "out", job.id));
      console.log(`job ${job.id} succeeded:\n${files.map((f) => `  ${f}`).join("\n")}`);
      return 0;
    }
    case "watch": {
      if (!target) throw new Error("usage: zukai watch <job id>");
      const job = await watch(config, target);
      console.log(`job ${job.id} ${job.status}`);
      return job.status === "succeeded" ? 0 : 1;
    }
    case "jobs": {
      const { items } = await call<{ items: JobView[] }>(config, "/api/v1/jobs?limit=20");
      for (const job of items)
        console.log(
          `${job.id}  ${job.kind.padEnd(13)} ${job.status.padEnd(9)} ${job.progress.toFixed(0).padStart(3)}%  ${job.createdAt}`,
        );
      return 0;
    }
    case "cancel": {
      if (!target) throw new Error("usage: zukai cancel <job id>");
      const job = await call<JobView>(config, `/api/v1/jobs/${target}`, { method: "DELETE" });
      console.log(`job ${job.id} ${job.status}`);
      return 0;
    }
    default:
      console.log("usage: zukai run <audio file | URL> | jobs | watch <job> | cancel <job>   [--api URL] [--key KEY]");
      return command ? 2 : 0;
  }
}

export function reportFailure(error: unknown): number {
  console.error(
    error instanceof ApiError
      ? `zukai: ${error.status} ${error.code}: ${error.message}`
      : `zukai: ${error instanceof Error ? error.message : String(error)}`,
  );
  return 1;
}
