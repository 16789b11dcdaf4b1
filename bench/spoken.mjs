// Speech against text: every English talk of the labelled sets (workers/engine/eval) spoken by
// flite, transcribed through the platform (upload → queue → runner → restored sentences) and drawn
// from its transcript, against the same talk drawn from its written text — does the diagram type
// survive the engine's ears? Agreement with the label is printed for both, so a speech miss can be
// told from a detector miss. The held-out talks were never used to tune restoration or the detector.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { register } from "tsx/esm/api";
import { fliteWav } from "../scripts/flite-speech.mjs";
import { printTable } from "./lib/load.mjs";
import { registerBenchUser, servePlatform } from "./lib/workerd.mjs";
import { viaPlatform } from "./transcription.mjs";

// Three of flite's voices in turn (kal16 is the fourth; rms, slt and awb cover male, female, Scottish).
const VOICES = ["rms", "slt", "awb"];

/** POST /api/v1/generate-diagram, waiting out the per-key rate limit; a transcript's diagram is a job. */
async function diagramType(url, token, body) {
  const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  for (;;) {
    const response = await fetch(`${url}/api/v1/generate-diagram`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(body),
    });
    if (response.status === 429) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const reply = await response.json();
    if (response.status === 201) return reply.type;
    if (response.status !== 202) throw new Error(`diagram refused: ${response.status} ${JSON.stringify(reply)}`);
    let job = reply;
    while (job.status === "queued" || job.status === "running" || job.status === 429) {
      await new Promise((r) => setTimeout(r, job.status === 429 ? 1000 : 100));
      job = await (await fetch(`${url}/api/v1/jobs/${reply.id}`, { headers: auth })).json();
    }
    if (job.status !== "succeeded") throw new Error(`diagram job failed: ${JSON.stringify(job.error ?? job)}`);
    const diagram = await (await fetch(`${url}/api/v1/diagrams/dgm_${reply.id.slice(4)}`, { headers: auth })).json();
    return diagram.type;
  }
}

async function evaluate(url, token, dir, name, cases) {
  let same = 0;
  let textRight = 0;
  let speechRight = 0;
  const differences = [];
  for (const [i, c] of cases.entries()) {
    const file = path.join(dir, `${c.id}.wav`);
    const sentences = c.text.split(/(?<=[.?!])\s+/).filter(Boolean);
    writeFileSync(file, fliteWav(sentences, { pauseSeconds: 0.5, voice: VOICES[i % VOICES.length] }));
    const { jobId } = await viaPlatform(url, token, file);
    const spoken = await diagramType(url, token, { transcriptId: `trn_${jobId.slice(4)}` });
    const written = await diagramType(url, token, { text: c.text });
    if (spoken === written) same++;
    else
      differences.push(
        `${c.id.padEnd(30)} ${c.hard ? "hard" : "    "} text ${written.padEnd(10)} speech ${spoken.padEnd(10)} label ${c.expected}`,
      );
    if (written === c.expected) textRight++;
    if (spoken === c.expected) speechRight++;
  }
  const pct = (n) => `${((100 * n) / cases.length).toFixed(1)}%`;
  return { row: [name, String(cases.length), pct(same), pct(textRight), pct(speechRight)], differences };
}

export async function benchSpoken() {
  register();
  const { ENGLISH_CASES } = await import("../workers/engine/eval/cases-en.ts");
  const { HELD_OUT_CASES } = await import("../workers/engine/eval/held-out.ts");
  const dir = mkdtempSync(path.join(os.tmpdir(), "zukai-bench-spoken-"));
  const platform = await servePlatform({ dir, runnerPort: 8789 });
  try {
    const { token, workspaceId } = await registerBenchUser(platform.url, "spoken");
    // 132 diagrams is more than the free plan's month allows; a professional plan bills overage instead.
    const upgrade = await fetch(`${platform.url}/api/v1/workspaces/${workspaceId}/billing/plan`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ plan: "professional", cycle: "monthly" }),
    });
    if (upgrade.status !== 200) throw new Error(`plan change answered ${upgrade.status}: ${await upgrade.text()}`);
    const sets = [
      ["main set, English (tuned on)", ENGLISH_CASES],
      ["held-out set, English", HELD_OUT_CASES.filter((c) => c.language === "en")],
    ];
    const rows = [];
    const differences = [];
    for (const [name, cases] of sets) {
      const result = await evaluate(platform.url, token, dir, name, cases);
      rows.push(result.row);
      differences.push(...result.differences);
    }
    printTable(
      "Speech vs text: the diagram type drawn from a flite recording through the platform against the one drawn from the written talk",
      ["set", "talks", "same type", "text = label", "speech = label"],
      rows,
    );
    console.log(`Talks whose spoken diagram differs from the written one:\n${differences.join("\n") || "none"}`);
  } finally {
    await platform.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
