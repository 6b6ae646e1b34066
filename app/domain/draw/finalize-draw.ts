import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { renderDrawRecord } from "~/jobs/definitions";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";

/**
 * Staff mark the result final (the evaluation result is out): the draw and its supplementary draws become
 * FINAL, which unseals the names for staff and reveals seed, entropy and pools on the public proof page.
 * A lot that reaches candidates publicity or later reveals the proof even without this step.
 */
export async function finalizeDraw(actor: Actor, input: { drawId: string }, db: Db = getDb()) {
  assertCan(actor, "draw.request");
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
