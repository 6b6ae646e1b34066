import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";
import { requireRegistration } from "./bidder-window";
import { assertUuid } from "./load-lot";
import { parseBidderText, questionTextSchema } from "./schemas";


/**
 * A registered bidder asks a question before the clarification cut-off (server clock — refused after it
 * even if no job has run). The asker is recorded for supervision and never shown publicly; the answer goes
 * to everyone as a clarification.
 */
export async function askQuestion(actor: Actor, input: { lotId: string; text: string }, now = new Date()) {
  assertCan(actor, "question.ask");
  assertUuid(input.lotId);
  const text = parseBidderText(questionTextSchema, input.text);
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId } });
    if (!lot || !lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    const registration = await requireRegistration(tx, actor, lot.id);
    if (now >= lot.clarificationCutoff) {
      throw new DomainError("tenders:errors.questionAfterCutoff", { cutoff: formatInstant(lot.clarificationCutoff) }, 409);
    }
    if (lot.status !== "PUBLISHED" && lot.status !== "SUSPENDED") {
      throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);
    }
    const question = await tx.question.create({
      data: { lotId: lot.id, askedByOrgId: registration.bidderOrgId, askedByUserId: actor.userId, text, askedAt: now },
    });
    await appendAudit(tx, actor, {
      action: "question.asked",
      entityType: "Question",
      entityId: question.id,
      after: question,
      detail: { lotId: lot.id },
    });
    return question;
  });
}
