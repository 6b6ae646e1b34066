import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { staffProjectWhere } from "./staff-lot-scope";

/**
 * (tender workflow UI) 一审一核: lots waiting for review in the reviewer's scope, oldest submission first,
 * each marked `ownWork` when the caller wrote it — those can only be approved by someone else.
 */
export async function listReviewQueue(actor: Actor) {
  assertCan(actor, "tender.review");
  const db = getDb();
  const lots = await db.lot.findMany({
    where: { status: "UNDER_REVIEW", project: await staffProjectWhere(db, actor) },
    orderBy: [{ submittedAt: "asc" }],
    take: 200,
    select: {
      id: true, lotNo: true, title: true, authorId: true, submittedAt: true, bidDeadline: true, docsAvailableFrom: true,
      ceilingPriceFen: true, bondFen: true, evaluationMethod: true,
      project: { select: { code: true, title: true, procurementType: true } },
      _count: { select: { documents: { where: { withdrawnAt: null } } } },
    },
  });
  const authors = await db.user.findMany({
    where: { id: { in: [...new Set(lots.map((l) => l.authorId))] } },
    select: { id: true, displayName: true },
  });
  return lots.map(({ _count, ...l }) => ({
    ...l,
    documents: _count.documents,
    authorName: authors.find((a) => a.id === l.authorId)?.displayName ?? "",
    ownWork: l.authorId === actor.userId,
  }));
}
