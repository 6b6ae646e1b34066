import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import type { AnnouncementKind } from "~/generated/prisma/enums";
import { renderAnnouncement } from "./jobs";
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
  if (input.kind === "CHANGE" || input.kind === "CLARIFICATION") await notifyRegisteredBidders(tx, a.id, input);
  return a;
}

/**
 * 变更公告 and 澄清 go to every bidder that obtained the documents (招标投标法第二十三条: "书面通知所有获取
 * 招标文件的潜在投标人"), in-app, by email and SMS, in the same transaction as the announcement.
 */
async function notifyRegisteredBidders(tx: Tx, announcementId: string, input: { lotId: string; kind: AnnouncementKind }) {
  const [lot, regs] = await Promise.all([
    tx.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { title: true, bidDeadline: true } }),
    tx.lotRegistration.findMany({ where: { lotId: input.lotId }, select: { bidderOrgId: true } }),
  ]);
  if (regs.length === 0) return;
  await notify(tx, {
    recipients: { orgIds: regs.map((r) => r.bidderOrgId) },
    template: input.kind === "CHANGE" ? "notify:events.tenderChanged" : "notify:events.questionAnswered",
    params: { lot: lot.title, bidDeadline: lot.bidDeadline },
    channels: input.kind === "CHANGE" ? ["inapp", "email", "sms"] : ["inapp", "email"],
    entity: { type: "Announcement", id: announcementId },
    link: `/bidder/lots/${input.lotId}`,
    dedupeKey: `announcement-${announcementId}`,
  });
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
