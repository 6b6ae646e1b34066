import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { DomainError } from "~/domain/errors";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { assertHost, loadSession } from "./hall-access";
import { moveHall } from "./hall-machine";
import { hallTx } from "./hall-tx";
import { closeConfirmations } from "./jobs";

/**
 * After the 唱标 (and once every undecrypted bid's fault is recorded) the host asks the bidders to confirm
 * the opening record within confirmationMinutes; a delayed job records silence for the rest at the end.
 */
export async function startConfirmation(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  await assertHost(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  return hallTx(s.id, async (tx, emit) => {
    const unsettled = await tx.bidDecryption.count({ where: { sessionId: s.id, status: "NOT_DECRYPTED", fault: null } });
    if (unsettled > 0) throw new DomainError("opening:errors.faultsNotRecorded", { count: unsettled }, 409);
    const now = await dbNow(tx);
    const endsAt = new Date(now.getTime() + s.confirmationMinutes * 60_000);
    await moveHall(tx, s.id, s.state, "start_confirmation", { confirmationEndsAt: endsAt });
    await enqueueJob(tx, closeConfirmations, { sessionId: s.id, endsAtMs: endsAt.getTime() }, { runAt: endsAt });
    await emit("confirmation.started", { endsAt: endsAt.toISOString() });
    await appendAudit(tx, actor, { action: "opening.confirmation_started", entityType: "OpeningSession", entityId: s.id, detail: { lotId: input.lotId, endsAt: endsAt.toISOString() } });
    return { confirmationEndsAt: endsAt };
  }, db);
}
