import type { Actor } from "~/domain/actor";
import { parseOrThrow } from "~/domain/accounts/field-errors";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb, type Db } from "~/lib/db.server";
import { lockOwnExpert } from "./own-expert";
import { profileSchema, type ProfileInput } from "./profile-schemas";

/**
 * (self-service) The expert edits their contact details, title and employer. An employer change matters
 * for avoidance (回避 compares the employer's credit code with the parties'), so it gets its own audit
 * entry with the old and new employer in the detail (organisation data, not personal). It applies to
 * draws made from now on: the ExpertPoolEntry trigger copies the new code into the draw's read model in
 * this same transaction; draws already made are re-checked only by the existing re-check job.
 * Phone and e-mail are personal: the log gets which fields changed and the before/after digests only.
 */
export async function updateMyExpertProfile(actor: Actor, input: Omit<ProfileInput, "intent">, db: Db = getDb()) {
  assertCan(actor, "expert.profile.update");
  const v = parseOrThrow(profileSchema, { ...input, intent: "profile" });
  return db.$transaction(async (tx) => {
    const e = await lockOwnExpert(tx, actor);
    const contactBefore = { phone: e.phone, email: e.email, title: e.title };
    const contactAfter = { phone: v.phone, email: v.email, title: v.title };
    const changed = (Object.keys(contactAfter) as (keyof typeof contactAfter)[]).filter((k) => contactBefore[k] !== contactAfter[k]);
    const employerChanged = e.employerOrgName !== v.employerOrgName || e.employerCreditCode !== v.employerCreditCode;
    if (!changed.length && !employerChanged) return { changed: [] as string[], employerChanged: false };
    await tx.expert.update({
      where: { id: e.id },
      data: { ...contactAfter, employerOrgName: v.employerOrgName, employerCreditCode: v.employerCreditCode },
    });
    if (changed.length) {
      await appendAudit(tx, actor, {
        action: "expert.profile_updated",
        entityType: "Expert",
        entityId: e.id,
        before: contactBefore,
        after: contactAfter,
        detail: { code: e.code, fields: changed.join(",") },
      });
    }
    if (employerChanged) {
      const before = { employerOrgName: e.employerOrgName, employerCreditCode: e.employerCreditCode };
      const after = { employerOrgName: v.employerOrgName, employerCreditCode: v.employerCreditCode };
      await appendAudit(tx, actor, {
        action: "expert.employer_changed",
        entityType: "Expert",
        entityId: e.id,
        before,
        after,
        detail: { code: e.code, beforeName: before.employerOrgName, beforeCreditCode: before.employerCreditCode, afterName: after.employerOrgName, afterCreditCode: after.employerCreditCode },
      });
    }
    return { changed: employerChanged ? [...changed, "employer"] : changed, employerChanged };
  });
}
