/** A job's recording in R2: the deployment's cap, storing it as it streams in, removing it. */
import { uploadLimitBytes } from "../quotas/upload-limit";
import { jobInputKey } from "../storage/keys";
import { type StoredObject, storeAudioStream } from "../storage/store-stream";

/** The upload cap in bytes for this deployment. */
export function maxUploadBytes(env: Pick<Env, "MAX_UPLOAD_BYTES">): number {
  return Number(env.MAX_UPLOAD_BYTES) || 200 * 1024 * 1024;
}

/** Streams a job's recording into R2. */
export async function storeJobInput(
  env: Env,
  workspaceId: string,
  jobId: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<StoredObject> {
  return storeAudioStream(
    env.MEDIA,
    jobInputKey(workspaceId, jobId),
    chunks,
    await uploadLimitBytes(env, workspaceId, maxUploadBytes(env)),
  );
}

/** Removes a stored recording of a job that was not created after all. */
export async function discardJobInput(env: Env, workspaceId: string, jobId: string): Promise<void> {
  await env.MEDIA.delete(jobInputKey(workspaceId, jobId));
}
