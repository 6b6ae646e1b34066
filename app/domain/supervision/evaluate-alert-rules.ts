import type { Db } from "~/lib/db.server";
import { runAlertRules } from "./alert-rules";
import type { AlertRule } from "./alert-rules/types";
import { enqueueMissingDocumentScans } from "./enqueue-missing-document-scans";
import { loadAlertFacts } from "./load-alert-facts";
import { storeRaisedAlerts } from "./store-raised-alerts";

/**
 * The alert-rules runner (job evaluateAlertRules: every minute, and at once after 唱标 and after a
 * hall's document scan): loads the facts (set-based, a fixed number of queries), runs every rule (pure),
 * stores the result — one alert per dedupeKey, a yellow clock turning red upgraded in place
 * (storeRaisedAlerts). Also re-queues the document scan of any read-out bid not scanned yet. Returns how
 * many alerts were new, upgraded, grew (repeating ones) or changed (collusion groups updated or closed).
 */
export async function evaluateAlertRules(db: Db, now = new Date(), rules?: readonly AlertRule[]): Promise<number> {
  const facts = await loadAlertFacts(db, now);
  const alerts = runAlertRules(facts, rules);
  const { raised, upgraded, grouped, changed } = alerts.length ? await storeRaisedAlerts(db, alerts) : { raised: 0, upgraded: 0, grouped: 0, changed: 0 };
  if (!rules) await enqueueMissingDocumentScans(db);
  return raised + upgraded + grouped + changed;
}
