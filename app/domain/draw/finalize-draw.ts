import { systemActor, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { renderDrawRecord } from "~/jobs/definitions";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { assertDrawScope } from "./draw-scope";
import { recheckInTx } from "./recheck-draw-avoidance";

/**
 * Staff mark the result final (the evaluation result is out): the draw and its supplementary draws become
 * FINAL, which unseals the names for staff and reveals seed, entropy and pools on the public proof page.
 * A lot that reaches candidates publicity or later reveals the proof even without this step.
 */
export async function finalizeDraw(actor: Actor, input: { drawId: string }, db: Db = getDb()) {
  assertCan(actor, "draw.request");
  const head = await db.draw.findUnique({ where: { id: input.drawId }, select: { lotId: true } });
  if (!head) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  await assertDrawScope(db, actor, head.lotId);
  // Finalised after the deadline: the bidders are known, so avoidance is re-checked first, in its own
  // transaction (a conflict must be recorded and its seat refilled even if finalising is then refused,
  // e.g. because the refill needs a supplementary draw).
  const lot = await db.lot.findUniqueOrThrow({ where: { id: head.lotId }, select: { bidDeadline: true } });
  if (lot.bidDeadline.getTime() <= Date.now()) {
    await db.$transaction((tx) => recheckInTx(tx, systemActor("draw-recheck"), head.lotId), { timeout: 30_000, maxWait: 10_000 });
  }
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
