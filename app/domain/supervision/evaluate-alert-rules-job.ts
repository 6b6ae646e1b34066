import { getDb } from "~/lib/db.server";
import { evaluateAlertRules } from "./evaluate-alert-rules";

/** Worker entry of the `evaluateAlertRules` job (app/domain/supervision/jobs.ts). */
export default async function evaluateAlertRulesJob() {
  return { raised: await evaluateAlertRules(getDb(), new Date()) };
}
