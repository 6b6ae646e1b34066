import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { getDb } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";
import { deadlineAfterChange } from "./change-deadline";
import { assertUuid, loadLotForUpdate } from "./load-lot";
import { plainText } from "./lot-terms";
import { publishAnnouncement } from "./publish-lot";
import { changeNoticeMinDays, loadTenderRules } from "./tender-rules";
import { tenderText } from "./texts";
import { inGroup } from "./lot-phases";

const answerSchema = plainText(10_000).pipe(z.string().min(1));

/**
 * Staff answer a question; the question (without its asker) and the answer are published to everyone as a
 * 澄清 announcement. A clarification that affects bid preparation inside the 15-day window moves the bid
 * deadline (and the schedule follows), as a change notice would.
 */
export async function answerQuestion(
  actor: Actor,
  input: { questionId: string; answer: string; affectsPreparation?: boolean },
  now = new Date(),
) {
  assertCan(actor, "question.answer");
  assertUuid(input.questionId, "tenders:errors.questionNotFound");
  const answer = answerSchema.safeParse(input.answer);
  if (!answer.success) throw new DomainError("tenders:errors.invalidField", { field: "answer" }, 422, "answer");
  return getDb().$transaction(async (tx) => {
    const q0 = await tx.question.findUnique({ where: { id: input.questionId }, select: { lotId: true } });
    if (!q0) throw new DomainError("tenders:errors.questionNotFound", {}, 404);
    const lot = await loadLotForUpdate(tx, q0.lotId, actor);
    const q = await tx.question.findUniqueOrThrow({ where: { id: input.questionId } });
    if (q.answeredAt) throw new DomainError("tenders:errors.questionAlreadyAnswered", {}, 409);
    if (!inGroup(lot.status, "beforeOpening")) throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);

    let body = tenderText("zh-CN", "announcementText.clarification.body", { question: q.text, answer: answer.data });
    let moved = false;
    if (input.affectsPreparation && lot.status !== "BIDDING_CLOSED") {
      const rules = await loadTenderRules(tx);
      const d = deadlineAfterChange(lot.project.procurementType, lot.bidDeadline, undefined, rules, now);
      if (d.moved) {
        moved = true;
        await tx.lot.update({ where: { id: lot.id }, data: { bidDeadline: d.deadline, version: { increment: 1 } } });
        body += `\n${tenderText("zh-CN", "announcementText.change.deadlineMoved", {
          days: changeNoticeMinDays(lot.project.procurementType, rules),
          deadline: formatInstant(d.deadline),
        })}`;
        await scheduleLotTransitions(tx, lot.id, now);
      }
    }
    const announcement = await publishAnnouncement(tx, actor, {
      lotId: lot.id,
      kind: "CLARIFICATION",
      title: tenderText("zh-CN", "announcementText.clarification.title", { projectTitle: lot.project.title, lotTitle: lot.title }),
      body,
      at: now,
    });
    const updated = await tx.question.update({
      where: { id: q.id },
      data: { answer: answer.data, answeredAt: now, answeredById: actor.userId, announcementId: announcement.id },
    });
    await appendAudit(tx, actor, {
      action: "question.answered",
      entityType: "Question",
      entityId: q.id,
      before: q,
      after: updated,
      detail: { lotId: lot.id, announcementId: announcement.id, deadlineMoved: moved },
    });
    return { question: updated, announcementId: announcement.id, deadlineMoved: moved };
  });
}
