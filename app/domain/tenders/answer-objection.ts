import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { getDb } from "~/lib/db.server";
import { assertUuid, loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { plainText } from "./lot-terms";

const answerSchema = plainText(10_000).pipe(z.string().min(1));

/**
 * Staff answer an objection. When no objection of the lot is left open, the lot resumes the state it was
 * suspended from, and deadlines that fell due during the suspension are released (they fire at once;
 * staff move the deadline with a change notice when the answer changes the documents).
 */
export async function answerObjection(actor: Actor, input: { objectionId: string; answer: string }, now = new Date()) {
  assertCan(actor, "objection.answer");
  assertUuid(input.objectionId, "tenders:errors.objectionNotFound");
  const answer = answerSchema.safeParse(input.answer);
  if (!answer.success) throw new DomainError("tenders:errors.invalidField", { field: "answer" }, 422, "answer");
  return getDb().$transaction(async (tx) => {
    const o0 = await tx.objection.findUnique({ where: { id: input.objectionId }, select: { lotId: true } });
    if (!o0) throw new DomainError("tenders:errors.objectionNotFound", {}, 404);
    const lot = await loadLotForUpdate(tx, o0.lotId, actor);
    const o = await tx.objection.findUniqueOrThrow({ where: { id: input.objectionId } });
    if (o.answeredAt) throw new DomainError("tenders:errors.objectionAlreadyAnswered", {}, 409);
    const updated = await tx.objection.update({
      where: { id: o.id },
      data: { answer: answer.data, answeredAt: now, answeredById: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "objection.answered",
      entityType: "Objection",
      entityId: o.id,
      before: o,
      after: updated,
      detail: { lotId: lot.id, late: now > o.answerDueAt },
    });
    const open = await tx.objection.count({ where: { lotId: lot.id, answeredAt: null } });
    let resumed = false;
    if (open === 0 && lot.status === "SUSPENDED") {
      const r = await transitionLot(tx, actor, lot.id, "resume", { expectedStatus: "SUSPENDED", detail: { objectionId: o.id } });
      resumed = r.applied;
    }
    await scheduleLotTransitions(tx, lot.id, now);
    return { objection: updated, resumed };
  });
}
