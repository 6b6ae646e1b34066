import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderAwardNoticeDocument } from "./render-award-notice-document";

export const AWARD_NOTICE_KIND = "award-notice";

/**
 * Renders and stores one 中标通知书 / 中标结果通知书 (job renderAwardNotice) and links it to its AwardNotice.
 * The document belongs to the bidder it is addressed to (ownerOrgId) and is not public. Idempotent.
 */
export async function generateAwardNoticeDocument(actor: Actor, input: { noticeId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ZB:${input.noticeId}`}, 0))`;
      const n = await tx.awardNotice.findUnique({ where: { id: input.noticeId }, include: { award: true } });
      if (!n) throw new DomainError("award:errors.noticeNotFound", {}, 404);
      if (n.documentId) return { documentId: n.documentId, created: false };
      const documentId = randomUUID();
      const { bytes, lot } = await renderAwardNoticeDocument(tx, n.id, { documentId, number: n.number, generatedAt: n.issuedAt });
      const doc = await storeDocument(tx, {
        id: documentId,
        kind: AWARD_NOTICE_KIND,
        number: n.number,
        title: `${n.kind === "WINNER" ? "中标通知书" : "中标结果通知书"} ${lot.project.code} ${n.bidderName}`,
        entityType: "AwardNotice",
        entityId: n.id,
        ownerOrgId: n.bidderOrgId,
        public: false,
        bytes,
      });
      await tx.awardNotice.update({ where: { id: n.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
