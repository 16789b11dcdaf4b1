/** Usage the tests put in the ledger directly, as a metered stage would (through the ledger's own statement). */
import { type UsageEvent, usageStatement } from "../../workers/usage/ledger";

/** Records one event; true if it was new, false if its id was already in the ledger. */
export async function recordUsage(env: Pick<Env, "DB">, event: UsageEvent): Promise<boolean> {
  return (await usageStatement(env, event).run()).meta.changes === 1;
}
