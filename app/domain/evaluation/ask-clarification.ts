import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb, type Db } from "~/lib/db.server";
import { assertStage, memberOf, paramsOfSession } from "./evaluation-access";

export const askSchema = z.object({ lotId: z.uuid(), evaluationBidId: z.uuid(), question: z.string().trim().min(4).max(2000) });

/**
 * Written clarification (实施条例第五十二条; 87号令第五十一条): the committee asks a bidder in writing about an
 * unclear point; the bidder answers in the portal before the deadline; the answer reaches the committee
 * only, and cannot change the price or the substance of the bid (the question says so, the answer is
 * shown as an explanation, never merged into the bid). Each step is audited.
 */
export async function askClarification(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(askSchema, raw);
  const { session, member } = await memberOf(db, actor, input.lotId, { declared: true });
  assertStage(session, "REVIEW", "SCORING");
  const [bid, lot] = await Promise.all([
    db.evaluationBid.findFirst({ where: { id: input.evaluationBidId, sessionId: session.id } }),
    db.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { title: true, project: { select: { code: true } } } }),
  ]);
  if (!bid) throw new DomainError("evaluation:errors.unknownBid", {}, 422, "evaluationBidId");
  const now = new Date();
  return db.$transaction(async (tx) => {
    const c = await tx.evaluationClarification.create({
      data: {
        sessionId: session.id,
        evaluationBidId: bid.id,
        bidderOrgId: bid.bidderOrgId,
        kind: "COMMITTEE",
        question: `${input.question}\n（澄清不得超出投标文件的范围或者改变投标文件的实质性内容，不得改变投标价格。）`,
        askedAt: now,
        dueAt: new Date(now.getTime() + paramsOfSession(session).clarificationMinutes * 60_000),
      },
    });
    await notify(tx, {
      recipients: { orgIds: [bid.bidderOrgId], role: "BIDDER" },
      template: "evaluation:notify.clarificationRequested",
      // The same label as the 清标 request (start-evaluation): the bidder must know which lot is asked about.
      params: { lot: `${lot.project.code} ${lot.title}`, dueAt: c.dueAt },
      channels: ["inapp", "email"],
      entity: { type: "EvaluationClarification", id: c.id },
      link: `/bidder/clarifications`,
      dedupeKey: `evaluation-clarification-${c.id}`,
    });
    await appendAudit(tx, actor, { action: "evaluation.clarification_asked", entityType: "EvaluationClarification", entityId: c.id, detail: { lotId: input.lotId, seat: member.seat, ordinal: bid.ordinal } });
    return { clarificationId: c.id };
  });
}
