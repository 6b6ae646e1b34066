import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { getDb } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";
import { requireRegistration } from "./bidder-window";
import { assertUuid, loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { plainText } from "./lot-terms";
import { loadTenderRules, objectionAnswerDueAt } from "./tender-rules";

const textSchema = plainText(10_000).pipe(z.string().min(1));

/**
 * 异议/质疑 against the tender documents, by a registered bidder before the objection cut-off (server
 * clock). The answer is due in 3 days (工程) / 7 working days (政府采购); the lot is suspended until every
 * objection is answered, and the due instant is armed so supervisors see it run out.
 */
export async function raiseObjection(actor: Actor, input: { lotId: string; text: string }, now = new Date()) {
  assertCan(actor, "objection.raise");
  assertUuid(input.lotId);
  const text = textSchema.safeParse(input.text);
  if (!text.success) throw new DomainError("tenders:errors.invalidField", { field: "text" }, 422, "text");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId);
    if (!lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    await requireRegistration(tx, actor, lot.id);
    if (now >= lot.objectionCutoff) {
      throw new DomainError("tenders:errors.objectionAfterCutoff", { cutoff: formatInstant(lot.objectionCutoff) }, 409);
    }
    if (lot.status !== "PUBLISHED" && lot.status !== "SUSPENDED") {
      throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);
    }
    const rules = await loadTenderRules(tx);
    const objection = await tx.objection.create({
      data: {
        lotId: lot.id,
        orgId: actor.orgId!,
        userId: actor.userId!,
        text: text.data,
        raisedAt: now,
        answerDueAt: objectionAnswerDueAt(lot.project.procurementType, now, rules),
      },
    });
    await appendAudit(tx, actor, {
      action: "objection.raised",
      entityType: "Objection",
      entityId: objection.id,
      after: objection,
      detail: { lotId: lot.id, answerDueAt: objection.answerDueAt.toISOString() },
    });
    if (lot.status === "PUBLISHED") {
      await transitionLot(tx, actor, lot.id, "suspend", {
        expectedStatus: "PUBLISHED",
        detail: { objectionId: objection.id },
      });
    }
    await scheduleLotTransitions(tx, lot.id, now);
    return objection;
  });
}
