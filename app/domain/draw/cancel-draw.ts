import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { getDb, type Db } from "~/lib/db.server";
import { assertDrawScope } from "./draw-scope";
import { cancelDrawSchema } from "./schemas";

/**
 * Abandons a draw that is not final (wrong specialty, evaluation moved), with a reason. Always alerts the
 * supervisors: cancelling and drawing again is how one would fish for names, so it is never silent.
 */
export async function cancelDraw(actor: Actor, raw: { drawId: string; reason: string }, db: Db = getDb()) {
  assertCan(actor, "draw.request");
  const input = cancelDrawSchema.parse(raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Draw" WHERE id = ${input.drawId}::uuid FOR UPDATE`;
    const draw = await tx.draw.findUnique({ where: { id: input.drawId } });
    if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
    await assertDrawScope(tx, actor, draw.lotId);
    if (draw.status === "FINAL" || draw.status === "CANCELLED") throw new DomainError("experts:errors.drawClosed", {}, 409);
    const now = new Date();
    await tx.draw.updateMany({ where: { OR: [{ id: draw.id }, { parentDrawId: draw.id }], status: { in: ["AWAITING_ENTROPY", "DRAWN"] } }, data: { status: "CANCELLED", cancelledAt: now, cancelReason: input.reason } });
    await appendAudit(tx, actor, { action: "draw.cancelled", entityType: "Draw", entityId: draw.id, before: { status: draw.status }, after: { status: "CANCELLED" }, detail: { lotId: draw.lotId, seq: draw.seq, reason: input.reason } });
    await raiseAlert(tx, {
      kind: "REPEATED_DRAW",
      severity: "YELLOW",
      lotId: draw.lotId,
      messageCode: "experts:alerts.drawCancelled",
      params: { seq: draw.seq },
      dedupeKey: `draw-cancel-${draw.id}`,
    });
    return { status: "CANCELLED" as const };
  });
}
