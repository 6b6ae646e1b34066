import { raiseAlert } from "~/domain/schedule/raise-alert";
import type { Db } from "~/lib/db.server";
import { runAlertRules } from "./alert-rules";
import type { AlertRule } from "./alert-rules/types";
import { loadAlertFacts } from "./load-alert-facts";

/**
 * The alert-rules runner (job evaluateAlertRules, every minute): loads the facts, runs every rule and
 * raises each resulting alert once (Alert.dedupeKey is unique, raiseAlert skips duplicates and audits new
 * ones). A yellow condition that turns red has a different key, so the red alert appears by itself as
 * time passes. Returns how many alerts were new.
 */
export async function evaluateAlertRules(db: Db, now = new Date(), rules?: readonly AlertRule[]): Promise<number> {
  const facts = await loadAlertFacts(db, now);
  const alerts = runAlertRules(facts, rules);
  if (alerts.length === 0) return 0;
  let raised = 0;
  // Small batches: one long transaction would hold the audit sealer's horizon back.
  for (let i = 0; i < alerts.length; i += 200) {
    const batch = alerts.slice(i, i + 200);
    raised += await db.$transaction(async (tx) => {
      let n = 0;
      for (const a of batch) if (await raiseAlert(tx, a)) n++;
      return n;
    });
  }
  return raised;
}
