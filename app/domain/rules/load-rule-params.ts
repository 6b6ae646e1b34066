import type { Tx } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { defaultRuleParams, validateRuleOverride, type RuleParams } from "./profiles";
import { PROFILE_IDS, type ProfileId } from "./types";

/**
 * The centre's effective rule parameters: the statutory defaults with every valid RuleSetting override
 * merged in. A stored override that no longer validates (e.g. looser than a default raised by a change
 * of law) is ignored with a warning: the law's value wins, never the stale override.
 */
export async function loadRuleParams(db: Tx): Promise<RuleParams> {
  const params = defaultRuleParams();
  const rows = await db.ruleSetting.findMany();
  for (const row of rows) {
    const profile = row.profile as ProfileId;
    if (!PROFILE_IDS.includes(profile)) continue;
    const r = validateRuleOverride(profile, row.ruleId, row.params);
    if (r.ok) params[profile][row.ruleId] = r.params;
    else logger.warn({ profile, ruleId: row.ruleId, reason: r.reason, param: r.param }, "rule setting ignored");
  }
  return params;
}
