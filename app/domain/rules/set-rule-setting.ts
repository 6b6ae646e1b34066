import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { validateRuleOverride } from "./profiles";
import { PROFILE_IDS, type Params, type ProfileId } from "./types";

export interface SetRuleSettingInput {
  profile: ProfileId;
  ruleId: string;
  /** Only the parameters to override; the rest keep the statutory default. */
  params: Record<string, unknown>;
}

/**
 * A centre's stricter value for a rule parameter (e.g. 25 days instead of 20 to the deadline). Looser
 * than the law, an unknown parameter, or a change of unit is refused with the reason. Audited as
 * rules.setting_set with the before/after parameters.
 */
export async function setRuleSetting(actor: Actor, input: SetRuleSettingInput, deps: { db?: Db } = {}): Promise<Params> {
  assertCan(actor, "config.manage");
  if (!PROFILE_IDS.includes(input.profile)) throw new DomainError("rules:errors.unknownProfile", {}, 422, "profile");
  const r = validateRuleOverride(input.profile, input.ruleId, input.params);
  if (!r.ok) throw new DomainError(`rules:errors.override.${r.reason}`, { ruleId: input.ruleId, param: r.param ?? "" }, 422, r.param ?? "ruleId");
  const db = deps.db ?? getDb();
  return db.$transaction(async (tx) => {
    const where = { profile_ruleId: { profile: input.profile, ruleId: input.ruleId } };
    const before = await tx.ruleSetting.findUnique({ where });
    await tx.ruleSetting.upsert({
      where,
      create: { profile: input.profile, ruleId: input.ruleId, params: r.params, updatedBy: actor.userId },
      update: { params: r.params, updatedBy: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "rules.setting_set",
      entityType: "RuleSetting",
      entityId: `${input.profile}/${input.ruleId}`,
      before: before?.params ?? null,
      after: r.params,
      detail: { profile: input.profile, ruleId: input.ruleId, params: r.params },
    });
    return r.params;
  });
}
