import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertUuid } from "./load-lot";
import { assertStaffScope } from "./staff-scope";

/**
 * (tender workflow UI) The questions of a lot for the staff who answer them — anonymised: the asker's
 * organisation is never returned, only a per-lot sequence number, so an answer cannot favour anyone.
 */
export async function listLotQuestions(actor: Actor, input: { lotId: string }) {
  assertCan(actor, "question.answer");
  assertUuid(input.lotId);
  const db = getDb();
  const lot = await db.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  await assertStaffScope(db, actor, lot.project);
  const rows = await db.question.findMany({
    where: { lotId: lot.id },
    orderBy: { askedAt: "asc" },
    select: { id: true, text: true, askedAt: true, answer: true, answeredAt: true, announcementId: true },
  });
  return rows.map((q, i) => ({ ...q, seq: i + 1 }));
}
