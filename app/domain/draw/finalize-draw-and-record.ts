import type { Actor } from "~/domain/actor";
import { renderDrawRecord } from "~/jobs/definitions";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { finalizeDraw } from "./finalize-draw";

/**
 * finalizeDraw, then the staff copy of the draw record (job renderDrawRecord). The enqueue runs in its own
 * transaction right after: the job is idempotent and keyed by draw, so a lost enqueue is only a missing
 * PDF, never a wrong one. (Better: move the enqueue into finalize-draw.ts's transaction — lead's call.)
 */
export async function finalizeDrawAndRecord(actor: Actor, input: { drawId: string }, db: Db = getDb()) {
  const r = await finalizeDraw(actor, input, db);
  await db.$transaction((tx) => enqueueJob(tx, renderDrawRecord, { drawId: input.drawId }));
  return r;
}
