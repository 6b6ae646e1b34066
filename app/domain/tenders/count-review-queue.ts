import type { Actor } from "~/domain/actor";
import { can } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { staffProjectWhere } from "./staff-lot-scope";

/**
 * 一审一核: how many lots in the caller's scope wait for the caller's review — submitted by someone else
 * (one's own work is approved by another reviewer). 0 for a caller who may not review. The staff tabs show it.
 */
export async function countReviewQueue(actor: Actor): Promise<number> {
  if (!can(actor.role, "tender.review") || !actor.userId) return 0;
  const db = getDb();
  return db.lot.count({ where: { status: "UNDER_REVIEW", authorId: { not: actor.userId }, project: await staffProjectWhere(db, actor) } });
}
