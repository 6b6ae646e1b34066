import { systemActor, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { renderDrawRecord } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { dbNow } from "~/domain/bids/db-clock";
import { isCentreStaff } from "~/domain/tenders/staff-scope";
import { assertDrawScope } from "./draw-scope";
import { recheckInTx } from "./recheck-draw-avoidance";

/**
 * The centre's staff confirm the draw's result (确认抽取结果): the draw and its supplementary draws become
 * FINAL and the staff copy of the record is rendered. It unseals nothing — names and the public proof
 * follow the lot's time (draw-names.ts) — and it does not stop the refill: a seat vacated later (avoidance,
 * decline) still goes to the next backup. Refused without an explicit confirmation, before the bid
 * deadline (database clock: the bidders, hence the avoidance, are not known yet) and to anyone but the
 * centre's staff in scope (the buyer and its agent are interested parties).
 */
export async function finalizeDraw(actor: Actor, input: { drawId: string; confirm?: boolean }, db: Db = getDb()) {
  assertCan(actor, "draw.request");
  const head = await db.draw.findUnique({ where: { id: input.drawId }, select: { lotId: true } });
  if (!head) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  await assertDrawScope(db, actor, head.lotId);
  if (!(await isCentreStaff(db, actor))) throw new DomainError("experts:errors.finalizeCentreOnly", {}, 403);
  if (input.confirm !== true) throw new DomainError("experts:errors.finalizeNeedsConfirmation", {}, 422, "confirm");
  // Finalised after the deadline: the bidders are known, so avoidance is re-checked first, in its own
  // transaction (a conflict must be recorded and its seat refilled even if finalising is then refused,
  // e.g. because the refill needs a supplementary draw).
  const lot = await db.lot.findUniqueOrThrow({ where: { id: head.lotId }, select: { bidDeadline: true } });
  if (lot.bidDeadline > (await dbNow(db))) throw new DomainError("experts:errors.finalizeBeforeDeadline", {}, 409);
  await db.$transaction((tx) => recheckInTx(tx, systemActor("draw-recheck"), head.lotId), { timeout: 30_000, maxWait: 10_000 });
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Draw" WHERE id = ${input.drawId}::uuid FOR UPDATE`;
    const draw = await tx.draw.findUnique({ where: { id: input.drawId } });
    if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
    if (draw.kind !== "INITIAL") throw new DomainError("experts:errors.finalizeInitialOnly", {}, 409);
    if (draw.status !== "DRAWN") throw new DomainError("experts:errors.drawNotDrawn", {}, 409);
    const open = await tx.draw.count({ where: { parentDrawId: draw.id, status: "AWAITING_ENTROPY" } });
    if (open > 0) throw new DomainError("experts:errors.supplementaryPending", {}, 409);
    const now = new Date();
    const ids = [draw.id, ...(await tx.draw.findMany({ where: { parentDrawId: draw.id, status: "DRAWN" }, select: { id: true } })).map((d) => d.id)];
    await tx.draw.updateMany({ where: { id: { in: ids } }, data: { status: "FINAL", finalizedAt: now } });
    for (const id of ids) {
      await appendAudit(tx, actor, { action: "draw.finalized", entityType: "Draw", entityId: id, before: { status: "DRAWN" }, after: { status: "FINAL" }, detail: { lotId: draw.lotId } });
    }
    // The staff copy of 专家抽取记录表 (no names) is rendered by a worker once this commits.
    await enqueueJob(tx, renderDrawRecord, { drawId: draw.id });
    return { finalized: ids.length };
  });
}
