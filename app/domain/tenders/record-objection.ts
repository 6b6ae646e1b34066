import type { SignedInActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";
import type { loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { loadTenderRules, objectionAnswerDueAt } from "./tender-rules";

/**
 * What every objection does once its own window and standing are checked (raise-objection for the
 * documents, award/raise-result-objection for the result): the row with its answer deadline under the
 * profile's rule, the audit entry, the lot suspended from `suspends` until every objection is answered
 * (already suspended: stays so), and the deadline armed so supervisors see it run out.
 */
export async function recordObjection(
  tx: Tx,
  actor: SignedInActor & { orgId: string },
  lot: Awaited<ReturnType<typeof loadLotForUpdate>>,
  input: { text: string; subject?: "RESULT"; suspends: LotStatus },
  now: Date,
) {
  const rules = await loadTenderRules(tx);
  const objection = await tx.objection.create({
    data: {
      lotId: lot.id,
      orgId: actor.orgId,
      userId: actor.userId,
      text: input.text,
      ...(input.subject ? { subject: input.subject } : {}),
      raisedAt: now,
      answerDueAt: objectionAnswerDueAt(lot.project.procurementType, now, rules),
    },
  });
  await appendAudit(tx, actor, {
    action: "objection.raised",
    entityType: "Objection",
    entityId: objection.id,
    after: objection,
    detail: { lotId: lot.id, ...(input.subject ? { subject: input.subject } : {}), answerDueAt: objection.answerDueAt.toISOString() },
  });
  if (lot.status === input.suspends) {
    await transitionLot(tx, actor, lot.id, "suspend", { expectedStatus: input.suspends, detail: { objectionId: objection.id } });
  }
  await scheduleLotTransitions(tx, lot.id, now);
  return objection;
}
