import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertHost, loadSession } from "./hall-access";
import { hallTx } from "./hall-tx";

export const settleSchema = z.object({
  lotId: z.uuid(),
  bidId: z.uuid(),
  fault: z.enum(["BIDDER", "OTHER"]),
  reason: z.string().trim().min(2).max(1000),
});

/**
 * After the window: the host records whose fault an undecrypted bid is (电子招标投标办法 第三十一条) —
 * BIDDER: the bid counts as revoked (撤销); OTHER: as withdrawn (撤回, bond returned). Recorded once, with
 * the reason, visible to supervisors (audit + event) and printed on the record.
 */
export async function settleUndecrypted(actor: Actor, raw: unknown, deps: { db?: Db } = {}) {
  const input = parseInput(settleSchema, raw);
  const db = deps.db ?? getDb();
  await assertHost(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  if (s.state !== "READING" && s.state !== "CONFIRMING") throw new DomainError("opening:errors.wrongStep", { state: s.state, event: "settle" }, 409);
  return hallTx(s.id, async (tx, emit) => {
    const now = await dbNow(tx);
    const d = await tx.bidDecryption.findUnique({ where: { bidId: input.bidId } });
    if (!d || d.sessionId !== s.id) throw new DomainError("opening:errors.bidNotInHall", {}, 404);
    const { count } = await tx.bidDecryption.updateMany({
      where: { id: d.id, status: "NOT_DECRYPTED", fault: null },
      data: { fault: input.fault, faultReason: input.reason, settledById: actor.userId, settledAt: now },
    });
    if (count === 0) throw new DomainError("opening:errors.alreadySettled", { status: d.status }, 409);
    await emit("bid.settled", { ordinal: d.ordinal, fault: input.fault, reason: input.reason });
    await appendAudit(tx, actor, {
      action: "opening.bid_settled",
      entityType: "BidDecryption",
      entityId: d.id,
      detail: { bidId: d.bidId, lotId: input.lotId, fault: input.fault, reason: input.reason },
    });
    return { ordinal: d.ordinal, fault: input.fault };
  }, db);
}
