import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { assertStaffScope } from "./staff-scope";
import { isUuid } from "~/lib/uuid";

/**
 * The lot with its project, row-locked for the rest of the caller's transaction (so a change notice, an
 * objection and a scheduled transition on one lot never interleave), scope-checked for staff.
 */
export async function loadLotForUpdate(tx: Tx, lotId: string, actor?: Actor) {
  assertUuid(lotId);
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Lot" WHERE id = ${lotId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  const lot = await tx.lot.findUniqueOrThrow({ where: { id: lotId }, include: { project: true } });
  if (actor && actor.role !== "BIDDER") await assertStaffScope(tx, actor, lot.project);
  return lot;
}

export type LoadedLot = Awaited<ReturnType<typeof loadLotForUpdate>>;

/** A lot's uuid from user input: malformed ids are "not found", not a database error. */
export function assertUuid(id: string, code = "tenders:errors.lotNotFound"): void {
  if (!isUuid(id)) throw new DomainError(code, {}, 404);
}
