// The chaos run's checker: reads D1 and R2 straight from the platform's Miniflare (not through
// the API) and checks every job of the run's workspaces against what its kind and end state
// must have left behind. Returns counts and every violation found. Every input of the run is
// valid, so a failed job, an end never announced, a key left in progress or a submission never
// answered can only come from an injected fault: each is a violation, like lost or duplicated work.

const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

/** What a job must own when it ended: artifact names, usage meters, result rows. */
function expected(job) {
  if (job.kind === "transcription") {
    return job.status === "succeeded"
      ? { artifacts: ["input", "transcript.json"], meters: ["audio_seconds"], transcripts: 1, diagrams: 0 }
      : { artifacts: ["input"], meters: [], transcripts: 0, diagrams: 0 };
  }
  return job.status === "succeeded"
    ? { artifacts: ["diagram.json", "diagram.mmd", "diagram.svg"], meters: ["diagrams"], transcripts: 0, diagrams: 1 }
    : { artifacts: [], meters: [], transcripts: 0, diagrams: 0 };
}

async function all(db, sql, workspaceIds) {
  const marks = workspaceIds.map(() => "?").join(", ");
  return (
    await db
      .prepare(sql.replace("$WS", marks))
      .bind(...workspaceIds)
      .all()
  ).results;
}

async function listAll(bucket, prefix) {
  const objects = [];
  let cursor;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    objects.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

const groupCount = (rows, key) => rows.reduce((m, r) => m.set(key(r), (m.get(key(r)) ?? 0) + 1), new Map());

/**
 * Checks the run. `accepted` maps Idempotency-Key → job id for every 2xx the clients received;
 * `followers` are the EventFollowers (one per workspace) with their final hub seq in `latestSeq`;
 * `queuedJobIds` are the jobs that went through the queue (the others never announce an end);
 * `unanswered` counts submissions whose client gave up retrying with the same key, and
 * `unansweredDetails` says what each of their attempts got.
 */
export async function checkChaosRun({
  mf,
  workspaceIds,
  accepted,
  followers,
  queuedJobIds = new Set(),
  unanswered = 0,
  unansweredDetails = [],
}) {
  const db = await mf.getD1Database("DB");
  const bucket = await mf.getR2Bucket("MEDIA");
  const jobs = await all(
    db,
    "SELECT id, workspace_id, kind, status, stage, error_code, error_message, created_at FROM jobs WHERE workspace_id IN ($WS)",
    workspaceIds,
  );
  const artifacts = await all(
    db,
    "SELECT job_id, name, r2_key FROM artifacts WHERE workspace_id IN ($WS)",
    workspaceIds,
  );
  // Per-job meters only: per-request meters (e.g. API calls) carry no job.
  const usage = await all(
    db,
    "SELECT id, job_id, meter FROM usage_events WHERE workspace_id IN ($WS) AND job_id IS NOT NULL",
    workspaceIds,
  );
  const transcripts = await all(db, "SELECT job_id, r2_key FROM transcripts WHERE workspace_id IN ($WS)", workspaceIds);
  const diagrams = await all(db, "SELECT job_id, id FROM diagrams WHERE workspace_id IN ($WS)", workspaceIds);
  const keys = await all(
    db,
    "SELECT key, status, path, created_at FROM idempotency_keys WHERE workspace_id IN ($WS)",
    workspaceIds,
  );
  const violations = [];
  const byId = new Map(jobs.map((j) => [j.id, j]));

  // Lost: accepted but missing or never finished. Duplicated: one key, or one job, counted twice.
  const acceptedIds = new Set(accepted.values());
  const lost = [...acceptedIds].filter((id) => !byId.get(id) || !TERMINAL.has(byId.get(id).status));
  for (const id of lost)
    violations.push({
      job: id,
      problem: byId.get(id)
        ? `not finished (${byId.get(id).status} at ${byId.get(id).stage})`
        : "accepted but not recorded",
    });
  const duplicateAcceptances = accepted.size - acceptedIds.size;
  // Jobs nobody was told about come from requests whose answer was lost (a crash mid-request);
  // each such request leaves its key in progress, so more of them than keys means a duplicate.
  const unacknowledged = jobs.filter((j) => !acceptedIds.has(j.id));
  const stuck = keys.filter((k) => k.status === "in_progress");
  const stuckKeys = stuck.length;
  const unexplained = Math.max(0, unacknowledged.length - stuckKeys);
  if (unexplained > 0) violations.push({ problem: `${unexplained} jobs exist that no key accounts for` });
  // The client retried each key until answered, so it must have been told about every job.
  for (const j of unacknowledged)
    violations.push({
      job: j.id,
      problem: `${j.kind} ${j.status} (created ${j.created_at}) recorded but its client was never given it (the answer was lost and the key never replayed it)`,
    });
  for (const k of stuck)
    violations.push({ problem: `Idempotency-Key ${k.key} (${k.path}, claimed ${k.created_at}) left in progress` });
  if (unanswered > 0)
    violations.push({ problem: `${unanswered} submissions never answered although retried with the same key` });
  for (const u of unansweredDetails)
    violations.push({ problem: `${u.kind} submission ${u.key} never answered: ${u.attempts}` });
  // A failed job: the cause was an injected fault (every input is valid), so its error says which.
  for (const j of jobs.filter((j) => j.status === "failed"))
    violations.push({
      job: j.id,
      problem: `failed by an injected fault: ${j.error_code}: ${String(j.error_message).slice(0, 300)}`,
    });

  const artifactCount = groupCount(artifacts, (a) => `${a.job_id} ${a.name}`);
  const meterCount = groupCount(usage, (u) => `${u.job_id} ${u.meter}`);
  const transcriptCount = groupCount(transcripts, (t) => t.job_id);
  const diagramCount = groupCount(diagrams, (d) => d.job_id);
  let duplicatedRecords = 0;
  for (const job of jobs.filter((j) => TERMINAL.has(j.status))) {
    const want = expected(job);
    const names = artifacts
      .filter((a) => a.job_id === job.id)
      .map((a) => a.name)
      .sort();
    if (names.join() !== want.artifacts.join())
      violations.push({
        job: job.id,
        problem: `${job.kind} ${job.status} has artifacts [${names}] instead of [${want.artifacts}]`,
      });
    const meters = usage
      .filter((u) => u.job_id === job.id)
      .map((u) => u.meter)
      .sort();
    if (meters.join() !== want.meters.join())
      violations.push({
        job: job.id,
        problem: `${job.kind} ${job.status} has usage [${meters}] instead of [${want.meters}]`,
      });
    if ((transcriptCount.get(job.id) ?? 0) !== want.transcripts)
      violations.push({ job: job.id, problem: `${transcriptCount.get(job.id) ?? 0} transcript rows` });
    if ((diagramCount.get(job.id) ?? 0) !== want.diagrams)
      violations.push({ job: job.id, problem: `${diagramCount.get(job.id) ?? 0} diagram rows` });
  }
  for (const [what, count] of [...artifactCount.entries(), ...meterCount.entries()]) {
    if (count > 1) (duplicatedRecords += count - 1), violations.push({ problem: `${what} recorded ${count} times` });
  }
  if (duplicateAcceptances) violations.push({ problem: `${duplicateAcceptances} jobs accepted under two keys` });

  // R2: every object is a recorded artifact or transcript, or the stored text of a diagram job.
  const known = new Set([...artifacts.map((a) => a.r2_key), ...transcripts.map((t) => t.r2_key)]);
  const orphans = [];
  const stored = new Set();
  for (const workspaceId of workspaceIds) {
    for (const key of await listAll(bucket, `ws/${workspaceId}/`)) {
      stored.add(key);
      if (known.has(key)) continue;
      const jobId = /\/jobs\/(job_[0-9a-z]{26})\/input\.txt$/.exec(key)?.[1];
      if (jobId && byId.get(jobId)?.kind === "diagram") continue;
      const owner = /\/jobs\/(job_[0-9a-z]{26})\//.exec(key)?.[1];
      orphans.push({
        key,
        job: owner ? (byId.get(owner) ? `${byId.get(owner).status} job` : "no job row") : "not under a job",
      });
    }
  }
  for (const o of orphans) violations.push({ problem: `orphaned R2 object ${o.key} (${o.job})` });
  // And the other way round: every recorded artifact and transcript is stored.
  const missing = [...known].filter((key) => !stored.has(key));
  for (const key of missing) violations.push({ problem: `recorded R2 object ${key} is missing` });

  // Event streams: gap-free and repeat-free after every resume, caught up with the hub, and no
  // job announced as ended twice.
  let gaps = 0;
  let repeats = 0;
  let doubleEnds = 0;
  let notCaughtUp = 0;
  for (const f of followers) {
    gaps += f.gaps.length + f.resyncs.length;
    repeats += f.repeats;
    // Behind the seq the hub answered at the end; past it is fine (an event published since).
    if (f.lastSeq === undefined || f.lastSeq < f.latestSeq) notCaughtUp++;
    for (const [jobId, n] of f.ends)
      if (n > 1) doubleEnds++, violations.push({ job: jobId, problem: `end announced ${n} times` });
    for (const gap of f.gaps) violations.push({ problem: `event stream gap: seq ${gap[0]}–${gap[1]} missing` });
    for (const r of f.resyncs) violations.push({ problem: `resync instead of replay (${r.reason})` });
  }
  if (repeats) violations.push({ problem: `${repeats} events delivered twice` });
  if (notCaughtUp)
    violations.push({
      problem: `${notCaughtUp} clients never caught up with their hub (${followers
        .filter((f) => f.lastSeq === undefined || f.lastSeq < f.latestSeq)
        .map((f) => `${f.lastSeq} < ${f.latestSeq}: ${f.describe()}`)
        .join("; ")})`,
    });
  const announcedEnds = new Set(followers.flatMap((f) => [...f.ends.keys()]));
  const unannounced = jobs.filter((j) => queuedJobIds.has(j.id) && TERMINAL.has(j.status) && !announcedEnds.has(j.id));
  for (const j of unannounced)
    violations.push({ job: j.id, problem: `${j.status}, but its end was never published to the workspace's clients` });

  const failedByReason = {};
  for (const j of jobs.filter((j) => j.status === "failed"))
    failedByReason[j.error_code] = (failedByReason[j.error_code] ?? 0) + 1;
  return {
    accepted: acceptedIds.size,
    recorded: jobs.length,
    unacknowledged: unacknowledged.length,
    stuckIdempotencyKeys: stuckKeys,
    succeeded: jobs.filter((j) => j.status === "succeeded").length,
    failed: jobs.filter((j) => j.status === "failed").length,
    failedByReason,
    lost: lost.length,
    duplicated: duplicateAcceptances + unexplained + duplicatedRecords + doubleEnds,
    orphanedObjects: orphans.length,
    missingObjects: missing.length,
    streamGaps: gaps,
    streamRepeats: repeats,
    endsNotAnnounced: unannounced.length,
    events: followers.reduce((n, f) => n + f.events, 0),
    violations,
  };
}
