import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Tx } from "~/lib/db.server";

/**
 * The 中标候选人公示 is over (PUBLICITY_END at its instant): recorded once; the award may then be confirmed.
 * A lot suspended by an objection holds the step until it is answered (the handler returns HELD first).
 */
export async function endPublicity(tx: Tx, lotId: string, at: Date): Promise<boolean> {
  const { count } = await tx.candidatesPublicity.updateMany({ where: { lotId, endedAt: null, endsAt: { lte: at } }, data: { endedAt: at } });
  if (count === 0) return false;
  await appendAudit(tx, systemActor("schedule"), { action: "award.publicity_ended", entityType: "Lot", entityId: lotId, detail: { at: at.toISOString() } });
  return true;
}
