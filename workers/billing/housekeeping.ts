/** The cron's billing work: accrue this hour's storage and roll over periods that ended. */
import { accrueStorageHour } from "../usage/storage-accrual";
import { rollOverDueAccounts } from "./account";

/** Runs both steps; each is idempotent, so an overlapping or repeated cron run does no harm. */
export async function runBillingHousekeeping(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  now = Date.now(),
): Promise<{ storageRows: number; rolledOver: number }> {
  const storageRows = await accrueStorageHour(env, now);
  const rolledOver = await rollOverDueAccounts(env, new Date(now).toISOString());
  return { storageRows, rolledOver };
}
