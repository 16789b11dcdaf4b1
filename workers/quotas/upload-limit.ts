/** The largest recording a workspace may upload: its plan's limit, within the deployment's cap. */
import { cachedPlan } from "./plan-cache";

/** min(the plan's limit, `deploymentCap`). */
export async function uploadLimitBytes(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  workspaceId: string,
  deploymentCap: number,
): Promise<number> {
  return Math.min(deploymentCap, (await cachedPlan(env, workspaceId)).limits.maxUploadBytes);
}
