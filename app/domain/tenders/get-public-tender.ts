import { DomainError } from "~/domain/errors";
import type { LotStatus } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";
import { assertUuid } from "./load-lot";

export interface TimelineEntry {
  key: "published" | "docsFrom" | "docsTo" | "clarification" | "objection" | "deadline";
  at: Date;
  passed: boolean;
}

/** The lot's key instants in order, each marked passed or upcoming against the server clock. */
export function buildTimeline(
  lot: {
    publishedAt: Date | null;
    docsAvailableFrom: Date;
    docsAvailableTo: Date;
    clarificationCutoff: Date;
    objectionCutoff: Date;
    bidDeadline: Date;
  },
  now: Date,
): TimelineEntry[] {
  const entries: [TimelineEntry["key"], Date | null][] = [
    ["published", lot.publishedAt],
    ["docsFrom", lot.docsAvailableFrom],
    ["docsTo", lot.docsAvailableTo],
    ["clarification", lot.clarificationCutoff],
    ["objection", lot.objectionCutoff],
    ["deadline", lot.bidDeadline],
  ];
  return entries
    .filter((e): e is [TimelineEntry["key"], Date] => e[1] !== null)
    .map(([key, at]) => ({ key, at, passed: at <= now }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * How a halted lot's timeline ends (timelineView): 流标 at its 流标公告 (linked), 终止/暂停 at the status
 * change (updatedAt — the lot is not edited while halted). null for a lot on its normal course.
 */
export function timelineOutcome(lot: {
  status: LotStatus;
  updatedAt: Date;
  announcements: { id: string; kind: string; publishedAt: Date }[];
}): { kind: "FAILED" | "CANCELLED" | "SUSPENDED"; at: Date; announcementId: string | null } | null {
  if (lot.status !== "FAILED" && lot.status !== "CANCELLED" && lot.status !== "SUSPENDED") return null;
  const notice = lot.status === "FAILED" ? [...lot.announcements].reverse().find((a) => a.kind === "FAILED") : undefined;
  return { kind: lot.status, at: notice?.publishedAt ?? lot.updatedAt, announcementId: notice?.id ?? null };
}

const publicLink = (l: { id: string; lotNo: number; title: string; publishedAt: Date | null } | null) =>
  l?.publishedAt ? { id: l.id, lotNo: l.lotNo, title: l.title } : null;

/**
 * Everything the public may see of a published lot: terms, timeline, documents (name, size, SHA-256),
 * announcements, and the server clock. Never who registered or how many did, never who asked what,
 * never who wrote or reviewed it.
 */
export async function getPublicTender(lotId: string, now = new Date(), db: Db = getDb()) {
  assertUuid(lotId);
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    include: {
      project: true,
      documents: { where: { withdrawnAt: null }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, size: true, sha256: true, createdAt: true } },
      announcements: {
        where: { public: true },
        orderBy: { publishedAt: "asc" },
        select: { id: true, kind: true, title: true, body: true, publishedAt: true, documentId: true, changes: true },
      },
      // 重新招标 links: both lots are public once published (a re-tender draft is not).
      retenderOf: { select: { id: true, lotNo: true, title: true, publishedAt: true } },
      retenderedBy: { select: { id: true, lotNo: true, title: true, publishedAt: true } },
    },
  });
  if (!lot || !lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  const orgIds = [lot.project.buyerOrgId, ...(lot.project.agentOrgId ? [lot.project.agentOrgId] : [])];
  const orgs = await db.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => orgs.find((o) => o.id === id)?.name ?? null;
  return {
    serverNow: now,
    lot: {
      id: lot.id,
      lotNo: lot.lotNo,
      title: lot.title,
      description: lot.description,
      status: lot.status,
      estimatedPriceFen: lot.estimatedPriceFen,
      ceilingPriceFen: lot.ceilingPriceFen,
      bondFen: lot.bondFen,
      qualification: lot.qualification,
      evaluationMethod: lot.evaluationMethod,
      criteria: lot.criteria as { name: string; weight: number }[],
      docsAvailableFrom: lot.docsAvailableFrom,
      docsAvailableTo: lot.docsAvailableTo,
      clarificationCutoff: lot.clarificationCutoff,
      objectionCutoff: lot.objectionCutoff,
      bidDeadline: lot.bidDeadline,
      decryptionWindowMinutes: lot.decryptionWindowMinutes,
      publishedAt: lot.publishedAt,
      version: lot.version,
    },
    project: {
      id: lot.project.id,
      code: lot.project.code,
      title: lot.project.title,
      procurementType: lot.project.procurementType,
      region: lot.project.region,
      buyerName: nameOf(lot.project.buyerOrgId),
      agentName: nameOf(lot.project.agentOrgId),
    },
    timeline: buildTimeline(lot, now),
    outcome: timelineOutcome(lot),
    retenderOf: publicLink(lot.retenderOf),
    retenderedBy: publicLink(lot.retenderedBy),
    documents: lot.documents,
    announcements: lot.announcements,
    /** Registration and downloads are open right now (server clock). */
    docsOpen: lot.status === "PUBLISHED" && now >= lot.docsAvailableFrom && now < lot.docsAvailableTo,
  };
}
