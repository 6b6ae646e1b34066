import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import type { AnnouncementKind } from "~/generated/prisma/enums";
import { renderAnnouncement } from "~/jobs/definitions";
import { enqueueJob } from "~/jobs/enqueue-job";
import type { Tx } from "~/lib/db.server";
import { announcementText } from "./announcement-text";
import type { LoadedLot } from "./load-lot";

/**
 * Publishes an announcement of a lot: the row (public at once), its PDF rendered by a worker
 * (renderAnnouncement, through the outbox), audited. Used by approval (招标公告), change notices, answers
 * (澄清) and later stages (候选人公示, 结果公告, 流标公告).
 */
export async function publishAnnouncement(
  tx: Tx,
  actor: Actor,
  input: { lotId: string; kind: AnnouncementKind; title: string; body: string; changes?: unknown[]; at: Date },
) {
  const a = await tx.announcement.create({
    data: {
      lotId: input.lotId,
      kind: input.kind,
      title: input.title.slice(0, 300),
      body: input.body,
      changes: (input.changes ?? []) as object[],
      publishedAt: input.at,
      createdById: actor.userId,
    },
  });
  await enqueueJob(tx, renderAnnouncement, { announcementId: a.id });
  await appendAudit(tx, actor, {
    action: "announcement.published",
    entityType: "Announcement",
    entityId: a.id,
    after: a,
    detail: { lotId: input.lotId, kind: input.kind },
  });
  return a;
}

/**
 * Publication proper, inside the approval's transaction once the lot is PUBLISHED: stamps publishedAt,
 * publishes the 招标公告 / 采购公告 and arms the lot's deadlines.
 */
export async function publishLot(tx: Tx, actor: Actor, lot: LoadedLot, now: Date) {
  await tx.lot.update({ where: { id: lot.id }, data: { publishedAt: now, reviewerId: actor.userId } });
  const buyer = await tx.organisation.findUnique({ where: { id: lot.project.buyerOrgId }, select: { name: true } });
  const agent = lot.project.agentOrgId
    ? await tx.organisation.findUnique({ where: { id: lot.project.agentOrgId }, select: { name: true } })
    : null;
  const text = announcementText("TENDER", { lot, buyerName: buyer?.name ?? "", agentName: agent?.name ?? "" });
  const announcement = await publishAnnouncement(tx, actor, { lotId: lot.id, kind: "TENDER", ...text, at: now });
  await scheduleLotTransitions(tx, lot.id, now);
  return announcement;
}
