import { statusesIn } from "~/domain/tenders/lot-phases";
import { DomainError } from "~/domain/errors";
import { formatInstant } from "~/domain/tenders/announcement-text";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";
import { dbNow } from "./db-clock";

export interface LockedLot {
  id: string;
  status: LotStatus;
  bidDeadline: Date;
  bondFen: bigint;
}

/**
 * Locks the lot row FOR SHARE for the rest of the transaction and checks that bids are still accepted:
 * status PUBLISHED and the database clock strictly before bidDeadline. The share lock makes the
 * scheduled close_bidding transition (an UPDATE of the row) wait for this transaction, and any write of
 * ours wait for it: a bid commits before the lot closes or not at all. The deadline itself is compared
 * here, in the request path, whatever the scheduled jobs are doing — at the instant of the deadline and
 * after, the answer is no.
 */
export async function lockLotOpenForBids(tx: Tx, lotId: string): Promise<{ lot: LockedLot; now: Date }> {
  const rows = await tx.$queryRaw<LockedLot[]>`
    SELECT id, status::text AS status, "bidDeadline", "bondFen" FROM "Lot" WHERE id = ${lotId}::uuid FOR SHARE`;
  const lot = rows[0];
  if (!lot) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const now = await dbNow(tx);
  assertBidWindow(lot, now);
  return { lot, now };
}

/** Pure form of the rule (also used for the cheap early refusal before any bytes are copied). */
export function assertBidWindow(lot: { status: LotStatus | string; bidDeadline: Date }, now: Date): void {
  if (now.getTime() >= lot.bidDeadline.getTime()) {
    throw new DomainError("bids:errors.deadlinePassed", { deadline: formatInstant(lot.bidDeadline) }, 409);
  }
  if (lot.status === "SUSPENDED") throw new DomainError("bids:errors.lotSuspended", {}, 423);
  if (lot.status !== "PUBLISHED") throw new DomainError("bids:errors.lotNotOpen", { status: lot.status }, 409);
}

/** Lot statuses in which a sealed bid is still waiting for its opening (a key it depends on must stay usable). */
export const BEFORE_OPENING: LotStatus[] = [...statusesIn("beforeOpening")];

export { isUuid } from "~/lib/uuid";
