import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { getDb, type Db } from "~/lib/db.server";
import { MONTHLY_BULLETIN_KIND } from "./list-monthly-bulletins";
import { assertClosedMonth } from "./month-range";
import { renderMonthlyBulletinDocument } from "./render-monthly-bulletin-document";

/** 月度通报 (YueDu TongBao). */
const NUMBER_CODE = "YDTB";

/**
 * Renders and stores the bulletin of a closed Shanghai month (job renderMonthlyBulletin). Idempotent: an
 * advisory lock per month serialises concurrent runs, and a month that has its bulletin gets it back.
 * Not public; read by staff, supervisors and social supervisors (statistics.read) on /supervision/bulletins.
 */
export async function generateMonthlyBulletin(actor: Actor, input: { month: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  assertClosedMonth(input.month);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.month}`}, 0))`;
      const existing = await tx.document.findFirst({ where: { kind: MONTHLY_BULLETIN_KIND, entityType: "Month", entityId: input.month } });
      if (existing) return { documentId: existing.id, number: existing.number, created: false };
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const bytes = await renderMonthlyBulletinDocument(actor, input.month, { documentId: "", number, generatedAt });
      const doc = await storeDocument(tx, {
        kind: MONTHLY_BULLETIN_KIND,
        number,
        title: `月度通报 ${input.month}`,
        entityType: "Month",
        entityId: input.month,
        ownerOrgId: null,
        public: false,
        bytes,
        generatedAt,
      });
      return { documentId: doc.id, number, created: true };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
