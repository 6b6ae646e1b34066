import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { loadLotForUpdate } from "~/domain/tenders/load-lot";
import { getDb, type Db } from "~/lib/db.server";
import { assertBuyerStaff, assertCommitteeForming } from "./buyer-representative-scope";

export const removeRepresentativeSchema = z.object({ lotId: z.uuid(), userId: z.uuid() });

/**
 * The buyer's staff take a representative off the lot's committee, until the evaluation starts (after it, a
 * seated representative leaves only by declaring a conflict, like any member). Audited; the row goes.
 */
export async function removeBuyerRepresentative(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(removeRepresentativeSchema, raw);
  return db.$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    assertBuyerStaff(actor, lot.project);
    await assertCommitteeForming(tx, lot);
    const row = await tx.buyerRepresentative.findUnique({ where: { lotId_userId: { lotId: lot.id, userId: input.userId } } });
    if (!row) throw new DomainError("evaluation:errors.repNotNamed", {}, 404, "userId");
    await tx.buyerRepresentative.delete({ where: { id: row.id } });
    const left = await tx.buyerRepresentative.count({ where: { lotId: lot.id } });
    await appendAudit(tx, actor, {
      action: "evaluation.representative_removed",
      entityType: "Lot",
      entityId: lot.id,
      before: { userId: row.userId },
      detail: { userId: row.userId, representatives: left },
    });
    return { removed: true as const };
  });
}
