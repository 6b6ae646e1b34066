import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { loadDrawRecord, renderDrawRecordPdf } from "./render-draw-record";

/** 专家抽取 (ZhuanJia ChouQu). */
const NUMBER_CODE = "ZJCQ";

/**
 * Renders and stores the staff copy of the draw record (job renderDrawRecord, when the draw is final):
 * WITHOUT names, internal (ownerOrgId null, readable by document.read_internal), linked on
 * Draw.documentId. Idempotent: an advisory lock per draw, and a linked document is returned as is.
 */
export async function generateDrawRecordDocument(actor: Actor, input: { drawId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.drawId}`}, 0))`;
      const draw = await tx.draw.findUnique({ where: { id: input.drawId }, select: { id: true, documentId: true, drawnAt: true } });
      if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
      if (draw.documentId) return { documentId: draw.documentId, created: false };
      if (!draw.drawnAt) throw new DomainError("experts:errors.drawNotDrawn", {}, 409);
      const data = await loadDrawRecord(tx, draw.id, false);
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const bytes = await renderDrawRecordPdf(data, { number, generatedAt });
      const doc = await storeDocument(tx, {
        kind: "draw-record",
        number,
        title: "专家抽取记录表",
        entityType: "Draw",
        entityId: draw.id,
        ownerOrgId: null,
        public: false,
        bytes,
        generatedAt,
      });
      await tx.draw.update({ where: { id: draw.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
