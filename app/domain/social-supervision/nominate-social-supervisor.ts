import { addMonths } from "date-fns";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { DEFAULT_TERM_MONTHS, DUTIES } from "./duties";
import { isUniqueViolation } from "./load-appointment";

export interface NominateInput {
  /** Username (or user id) of an enabled account holding the SOCIAL_SUPERVISOR role. */
  user: string;
  affiliation?: string;
  note?: string;
  termMonths?: number;
}

/**
 * 提名: staff or a supervisor nominates the holder of a SOCIAL_SUPERVISOR account for a term (1–60
 * months, two years by default). The person is notified and becomes ACTIVE when they sign the agreement.
 * One live appointment per person (partial unique index): a second nomination is refused.
 */
export async function nominateSocialSupervisor(actor: Actor, input: NominateInput, now = new Date()) {
  assertCan(actor, "social_supervisor.nominate");
  const who = (input.user ?? "").trim();
  if (!who) throw new DomainError("social:errors.userRequired", {}, 422, "user");
  const termMonths = input.termMonths ?? DEFAULT_TERM_MONTHS;
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > 60) throw new DomainError("social:errors.badTerm", {}, 422, "termMonths");
  const affiliation = (input.affiliation ?? "").trim();
  if (affiliation.length > 200) throw new DomainError("social:errors.tooLong", { max: 200 }, 422, "affiliation");
  const note = (input.note ?? "").trim().slice(0, 2000);
  const db = getDb();
  const user = await db.user.findFirst({
    where: /^[0-9a-f-]{36}$/i.test(who) ? { id: who } : { username: who.toLowerCase() },
    select: { id: true, role: true, status: true, displayName: true },
  });
  if (!user) throw new DomainError("social:errors.userNotFound", {}, 422, "user");
  if (user.role !== "SOCIAL_SUPERVISOR") throw new DomainError("social:errors.notSocialSupervisorAccount", {}, 422, "user");
  if (user.status !== "ACTIVE") throw new DomainError("social:errors.accountDisabled", {}, 422, "user");
  try {
    return await db.$transaction(async (tx) => {
      const a = await tx.socialSupervisorAppointment.create({
        data: {
          userId: user.id,
          affiliation,
          nominationNote: note,
          nominatedById: actor.userId,
          nominatedAt: now,
          termStart: now,
          termEnd: addMonths(now, termMonths),
          duties: [...DUTIES],
        },
      });
      await appendAudit(tx, actor, {
        action: "social_supervisor.nominated",
        entityType: "SocialSupervisorAppointment",
        entityId: a.id,
        after: { userId: user.id, status: a.status, termEnd: a.termEnd },
        detail: { userId: user.id, termMonths },
      });
      await notify(tx, {
        recipients: { userIds: [user.id] },
        template: "social:notify.nominated",
        params: { name: user.displayName },
        channels: ["inapp", "email"],
        entity: { type: "SocialSupervisorAppointment", id: a.id },
        link: "/observer",
        dedupeKey: `social-nominated-${a.id}`,
      });
      return a;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("social:errors.alreadyAppointed", {}, 409, "user");
    throw e;
  }
}
