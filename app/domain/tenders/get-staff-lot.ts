import { inGroup, phaseOf } from "~/domain/tenders/lot-phases";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { buildTimeline } from "./get-public-tender";
import { assertUuid } from "./load-lot";
import { scheduleUnset } from "./retender-lot";
import { assertStaffScope } from "./staff-scope";
import { maySeeBondPayers } from "./parties-revealed";
import { proposeDeadline, loadTenderRules, changeNoticeMinDays } from "./tender-rules";

/**
 * (tender workflow UI) One lot as the responsible staff see it: every term, documents, announcements, the
 * review trail (author, reviewer, rejection reason), counts of open questions and objections, and — for a
 * published lot — the deadline a change notice published now would have to move to (null when the current
 * one still leaves the statutory 15 days). Registrations are not here: getRegisteredBidders audits each read.
 */
export async function getStaffLot(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.read_internal");
  assertUuid(input.lotId);
  const db = getDb();
  const lot = await db.lot.findUnique({
    where: { id: input.lotId },
    include: {
      project: true,
      documents: { where: { withdrawnAt: null }, orderBy: { createdAt: "asc" } },
      announcements: { orderBy: { publishedAt: "asc" } },
      // 重新招标: the failed lot this one re-tenders, and the lot a failed one became.
      retenderOf: { select: { id: true, lotNo: true, title: true } },
      retenderedBy: { select: { id: true, lotNo: true, title: true } },
      _count: { select: { questions: { where: { answeredAt: null } }, objections: { where: { answeredAt: null } } } },
    },
  });
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  await assertStaffScope(db, actor, lot.project);
  const people = await db.user.findMany({
    where: { id: { in: [lot.authorId, ...(lot.reviewerId ? [lot.reviewerId] : [])] } },
    select: { id: true, displayName: true },
  });
  const orgs = await db.organisation.findMany({
    where: { id: { in: [lot.project.buyerOrgId, ...(lot.project.agentOrgId ? [lot.project.agentOrgId] : [])] } },
    select: { id: true, name: true },
  });
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.displayName ?? null;
  const rules = await loadTenderRules(db);
  const profile = lot.project.procurementType;
  const live = inGroup(phaseOf(lot), "openForBids");
  const { _count, ...rest } = lot;
  // Replaced documents stay on record (change notices name them); shown apart from the current ones.
  const superseded = await db.tenderDocument.findMany({
    where: { lotId: lot.id, withdrawnAt: { not: null } },
    orderBy: { withdrawnAt: "asc" },
    select: { id: true, name: true, sha256: true, withdrawnAt: true, supersededById: true },
  });
  const cancellation = lot.status === "CANCELLED" ? await cancellationOf(db, lot.id, await maySeeBondPayers(db, actor, lot)) : null;
  return {
    serverNow: now,
    lot: {
      ...rest,
      criteria: lot.criteria as { name: string; weight: number }[],
      authorName: nameOf(lot.authorId),
      reviewerName: nameOf(lot.reviewerId),
      buyerName: orgs.find((o) => o.id === lot.project.buyerOrgId)?.name ?? "",
      agentName: orgs.find((o) => o.id === lot.project.agentOrgId)?.name ?? null,
    },
    isAuthor: actor.userId === lot.authorId,
    /** A re-tender draft whose new schedule staff have not set yet. */
    retenderScheduleUnset: lot.status === "DRAFT" && scheduleUnset(lot),
    openQuestions: _count.questions,
    openObjections: _count.objections,
    timeline: buildTimeline(lot, now),
    /** For the change-notice page: the earliest legal deadline if a change published now affects bids. */
    proposedDeadline: live && now < lot.bidDeadline ? proposeDeadline(profile, lot.bidDeadline, rules, now) : null,
    changeMinDays: changeNoticeMinDays(profile, rules),
    supersededDocuments: superseded.map((d) => ({ ...d, supersededByName: lot.documents.find((x) => x.id === d.supersededById)?.name ?? null })),
    /** 终止招标: the reason (from the audit log), the notice and the bond refund register. */
    cancellation,
  };
}

/** The refund register names the bidders: before an opening only for those who may see the parties. */
async function cancellationOf(db: Db, lotId: string, partiesVisible: boolean) {
  const [entry, refunds] = await Promise.all([
    db.auditEntry.findFirst({ where: { entityType: "Lot", entityId: lotId, action: "lot.cancelled" }, orderBy: { id: "desc" }, select: { at: true, detail: true } }),
    partiesVisible ? db.bondRefund.findMany({
      where: { lotId, cause: "CANCELLED" },
      orderBy: { bidderName: "asc" },
      select: { id: true, bidderName: true, bondFen: true, interestFen: true, dueAt: true, refundedOn: true },
    }) : [],
  ]);
  const detail = (entry?.detail ?? {}) as { reason?: string; announcementId?: string | null };
  return { at: entry?.at ?? null, reason: detail.reason ?? "", announcementId: detail.announcementId ?? null, refunds, partiesSealed: !partiesVisible };
}
