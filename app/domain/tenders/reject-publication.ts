import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { plainText } from "./lot-terms";

const reasonSchema = plainText(2_000).pipe(z.string().min(1));

/** The reviewer (not the author) sends the lot back to draft with a reason the author sees. */
export async function rejectPublication(actor: Actor, input: { lotId: string; reason: string }) {
  assertCan(actor, "tender.review");
  const reason = reasonSchema.safeParse(input.reason);
  if (!reason.success) throw new DomainError("tenders:errors.reasonRequired", {}, 422, "reason");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (lot.status !== "UNDER_REVIEW") throw new DomainError("tenders:errors.notUnderReview", { status: lot.status }, 409);
    const r = await transitionLot(tx, actor, lot.id, "reject", { expectedStatus: "UNDER_REVIEW", reason: reason.data });
    await tx.lot.update({ where: { id: lot.id }, data: { reviewerId: actor.userId, rejectionReason: reason.data } });
    return r;
  });
}
