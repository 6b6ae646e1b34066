import type { Actor } from "~/domain/actor";
import type { Db, Tx } from "~/lib/db.server";
import type { LotStatus } from "~/generated/prisma/enums";
import { inGroup, phaseOf, statusesIn } from "./lot-phases";
import { isCentreStaff } from "./staff-scope";

/**
 * Secret 1 (招标投标法 art. 22: 招标人不得向他人透露已获取招标文件的潜在投标人的名称、数量; SPEC "the three
 * secrets"): until the bid deadline nobody but the bidder itself and the supervision authority learns who
 * registered, downloaded, asked or bid — names or number — not the buyer's, the agent's or the centre's staff.
 * After the deadline the staff running the lot prepare the opening with the list. A lot cancelled before its
 * opening keeps the secret for good: a re-tender would otherwise start with the buyer knowing the field.
 */
type LotFacts = { id: string; status: LotStatus; suspendedFrom?: LotStatus | null };

/** Statuses in which the bids have been opened (social supervisors see the parties from here, ADR 0013). */
export const OPENED_STATUSES = statusesIn("opened").filter((s) => !inGroup(s, "halted"));

/** Whether the lot's parties may be shown to the staff running it: past the deadline, or opened. */
export async function partiesRevealed(db: Db | Tx, lot: LotFacts): Promise<boolean> {
  if (inGroup(phaseOf(lot), "biddingClosed")) return true;
  return (await db.openingSession.count({ where: { lotId: lot.id } })) > 0;
}

/** Whether the actor (already in the lot's scope) may see its parties now. */
export async function maySeeParties(db: Db | Tx, actor: Actor, lot: LotFacts): Promise<boolean> {
  if (actor.role === "SUPERVISOR" || actor.role === "SYSTEM") return true;
  return partiesRevealed(db, lot);
}

/**
 * The bond register names the payers. The centre holds the bonds and must return them (实施条例 art. 31, also
 * for a lot cancelled before any opening), so its staff see the register; the buyer's and agent's staff only
 * once the parties are revealed.
 */
export async function maySeeBondPayers(db: Db | Tx, actor: Actor, lot: LotFacts): Promise<boolean> {
  return (await maySeeParties(db, actor, lot)) || isCentreStaff(db, actor);
}
