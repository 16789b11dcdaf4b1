/** The R2 key scheme: everything a workspace owns lives under `ws/{workspaceId}/`. */

export function jobPrefix(workspaceId: string, jobId: string): string {
  return `ws/${workspaceId}/jobs/${jobId}/`;
}

export function jobInputKey(workspaceId: string, jobId: string): string {
  return `${jobPrefix(workspaceId, jobId)}input`;
}

export function transcriptKey(workspaceId: string, jobId: string): string {
  return `${jobPrefix(workspaceId, jobId)}transcript.json`;
}

/** A finished transcription chunk, kept so a redelivered job resumes after it. */
export function transcriptChunkKey(workspaceId: string, jobId: string, index: number): string {
  return `${jobPrefix(workspaceId, jobId)}checkpoints/transcription/${String(index).padStart(5, "0")}.json`;
}
