import { z } from "zod";
import { requireUserId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { candidatesOf } from "~/domain/evaluation/evaluation-outcome";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { money } from "~/domain/notify/params";
import { isArt55Ground } from "~/domain/rules/statutory/award-first-ranked";
import { formatYuan } from "~/lib/money";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { assertUuid } from "~/domain/tenders/load-lot";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { plainText } from "~/domain/tenders/lot-terms";
import { publishAnnouncement } from "~/domain/tenders/publish-lot";
import { renderAwardNotice } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { assertRule, loadAwardContext, lotLabel } from "./award-context";
import { ruleDueAt } from "~/domain/rules/rule-param";
import { openBondRefunds } from "./open-bond-refunds";

export const AwardInputSchema = z.object({
  lotId: z.string(),
  winnerBidId: z.string(),
  reasonCode: z.string().max(64).optional().nullable(),
  reasonText: plainText(2000).optional().nullable(),
});
export type AwardInput = z.input<typeof AwardInputSchema>;

/**
 * 定标: the buyer confirms the winner — the first-ranked candidate by default; another candidate only with
 * one of the art. 55 grounds (rule awardFirstRanked) and a written reason, which also raises a supervisor
 * alert. In one transaction: the Award row (one per lot — a second winner is refused), a 中标通知书 for the
 * winner and a 中标结果通知书 for every other bidder with its own rank, score or rejection reason (PDFs by the
 * worker), the 中标结果公告, notifications, the lot AWARDED, and the clocks of the 15-day written report
 * (工程) and the 30-day contract.
 * 工程: after the candidates publicity has ended with no objection pending; 政府采购: from the report.
 */
export async function awardLot(actor: Actor, input: AwardInput, now = new Date()) {
  assertCan(actor, "award.manage");
  const parsed = AwardInputSchema.safeParse(input);
  if (!parsed.success) throw new DomainError("award:errors.invalidInput", {}, 422);
  const v = parsed.data;
  assertUuid(v.lotId);
  assertUuid(v.winnerBidId, "award:errors.notACandidate");
  return getDb().$transaction(async (tx) => {
    const ctx = await loadAwardContext(tx, actor, v.lotId);
    const { lot, outcome, profile } = ctx;
    if (await tx.award.findUnique({ where: { lotId: lot.id }, select: { lotId: true } })) {
      throw new DomainError("award:errors.alreadyAwarded", {}, 409);
    }
    const from = profile === "CONSTRUCTION" ? "CANDIDATES_PUBLICITY" : "EVALUATED";
    if (lot.status === "SUSPENDED") throw new DomainError("award:errors.pausedByObjection", {}, 409);
    if (lot.status !== from) throw new DomainError("award:errors.wrongStatus", { status: lot.status }, 409);
    if (profile === "CONSTRUCTION") {
      const p = await tx.candidatesPublicity.findUniqueOrThrow({ where: { lotId: lot.id } });
      // Re-checked in the request path: the period may be over before its job has run.
      if (now < p.endsAt) throw new DomainError("award:errors.publicityRunning", { endsAt: p.endsAt.toISOString() }, 409);
      const open = await tx.objection.count({ where: { lotId: lot.id, answeredAt: null } });
      if (open > 0) throw new DomainError("award:errors.pausedByObjection", {}, 409);
      if (!p.endedAt) await tx.candidatesPublicity.update({ where: { lotId: lot.id }, data: { endedAt: now } });
    }
    const eligible = profile === "CONSTRUCTION" ? candidatesOf(outcome) : outcome.ranking;
    const winner = outcome.ranking.find((r) => r.bidId === v.winnerBidId);
    if (!winner) throw new DomainError("award:errors.notACandidate", {}, 422, "winnerBidId");
    const reasonCode = winner.rank === 1 ? null : (v.reasonCode ?? null);
    assertRule(ctx, "awardFirstRanked", { award: { winnerRank: eligible.includes(winner) ? winner.rank : Math.max(4, winner.rank), reasonCode } }, now);
    if (reasonCode && !isArt55Ground(reasonCode)) throw new DomainError("award:errors.invalidInput", {}, 422, "reasonCode");
    const reasonText = winner.rank === 1 ? null : (v.reasonText ?? "").trim();
    if (reasonText === "") throw new DomainError("award:errors.reasonTextRequired", {}, 422, "reasonText");

    const contractDueAt = ruleDueAt(ctx, "contractWithinDays", now);
    const reportDueAt = profile === "CONSTRUCTION" ? ruleDueAt(ctx, "awardReportWithinDays", now) : null;
    const award = await tx.award.create({
      data: {
        lotId: lot.id,
        winnerBidId: winner.bidId,
        winnerOrgId: winner.bidderOrgId,
        winnerName: winner.bidderName,
        winnerRank: winner.rank,
        priceFen: BigInt(winner.bidPriceFen),
        reasonCode,
        reasonText,
        decidedById: requireUserId(actor),
        decidedAt: now,
        reportDueAt,
        contractDueAt,
      },
    });

    // Notices: the winner's first, then every other ranked bid, then the rejected ones.
    const notices = [];
    for (const r of outcome.ranking) {
      const isWinner = r.bidId === winner.bidId;
      notices.push({
        bidId: r.bidId,
        bidderOrgId: r.bidderOrgId,
        bidderName: r.bidderName,
        kind: isWinner ? ("WINNER" as const) : ("RESULT" as const),
        rank: r.rank,
        totalScore: r.totalScore,
        priceFen: BigInt(r.bidPriceFen),
        rejectionReason: null as string | null,
      });
    }
    for (const r of outcome.rejected) {
      const bid = await tx.bidDecryption.findFirst({ where: { bidId: r.bidId }, select: { totalPriceFen: true } });
      notices.push({
        bidId: r.bidId,
        bidderOrgId: r.bidderOrgId,
        bidderName: r.bidderName,
        kind: "RESULT" as const,
        rank: null,
        totalScore: null,
        priceFen: bid?.totalPriceFen ?? 0n,
        rejectionReason: r.reason,
      });
    }
    notices.sort((a, b) => (a.kind === "WINNER" ? -1 : b.kind === "WINNER" ? 1 : 0));
    const created = [];
    for (const n of notices) {
      const number = await nextDocumentNumber(tx, documentPrefix(n.kind === "WINNER" ? "ZB" : "JG", now));
      const row = await tx.awardNotice.create({ data: { lotId: lot.id, ...n, number, issuedAt: now } });
      await enqueueJob(tx, renderAwardNotice, { noticeId: row.id });
      created.push(row);
    }

    const committee =
      profile === "GOVERNMENT_PROCUREMENT"
        ? `\n评审委员会成员：${outcome.committee.map((m) => m.name).join("、")}（《中华人民共和国政府采购法实施条例》第四十三条）。`
        : "";
    const announcement = await publishAnnouncement(tx, actor, {
      lotId: lot.id,
      kind: "RESULT",
      title: `${lotLabel(lot)}中标结果公告`,
      body:
        `${lot.project.title}（项目编号：${lot.project.code}）${lot.title}经评标委员会评审、${profile === "GOVERNMENT_PROCUREMENT" ? "采购人" : "招标人"}确定，中标结果如下：\n` +
        `中标人：${winner.bidderName}\n中标价：${formatYuan(BigInt(winner.bidPriceFen))} 元` +
        (winner.totalScore ? `\n综合得分：${winner.totalScore}` : "") +
        (winner.rank !== 1 ? `\n（排名第一的中标候选人未被确定为中标人，理由：${reasonText}）` : "") +
        committee,
      at: now,
    });
    await tx.award.update({ where: { lotId: lot.id }, data: { resultAnnouncementId: announcement.id } });
    await transitionLot(tx, actor, lot.id, "award", { expectedStatus: from, detail: { winner: winner.bidderName, rank: winner.rank } });
    await appendAudit(tx, actor, {
      action: "award.decided",
      entityType: "Lot",
      entityId: lot.id,
      after: award,
      detail: { winner: winner.bidderName, rank: winner.rank, reasonCode, notices: created.map((n) => n.number) },
    });
    if (winner.rank !== 1) {
      await raiseAlert(tx, {
        kind: "AWARD_NOT_FIRST_RANKED",
        severity: "RED",
        lotId: lot.id,
        messageCode: "supervision:alerts.AWARD_NOT_FIRST_RANKED",
        params: { rank: winner.rank, winner: winner.bidderName, reasonCode: reasonCode ?? "" },
        dedupeKey: `award-not-first-${lot.id}`,
      });
    }
    await notify(tx, {
      recipients: { orgIds: [winner.bidderOrgId], role: "BIDDER" },
      template: "award:notify.winner",
      params: { lot: lotLabel(lot), price: money(BigInt(winner.bidPriceFen)), contractDueAt },
      channels: ["inapp", "email", "sms"],
      entity: { type: "Lot", id: lot.id },
      link: `/bidder/lots/${lot.id}`,
      dedupeKey: `award-winner-${lot.id}`,
    });
    const others = [...new Set(created.filter((n) => n.kind === "RESULT").map((n) => n.bidderOrgId))];
    if (others.length > 0) {
      await notify(tx, {
        recipients: { orgIds: others, role: "BIDDER" },
        template: "award:notify.result",
        params: { lot: lotLabel(lot), winner: winner.bidderName },
        channels: ["inapp", "email"],
        entity: { type: "Lot", id: lot.id },
        link: `/bidder/lots/${lot.id}`,
        dedupeKey: `award-result-${lot.id}`,
      });
    }
    if (profile === "GOVERNMENT_PROCUREMENT") {
      // 政府采购: the losing suppliers' bonds are due within 5 working days of the award notice, not of the
      // contract (政府采购法实施条例 art. 33): their rows of the refund register open now; the winner's waits
      // for the contract.
      const refundDueAt = ruleDueAt(ctx, "bondRefundWithinDays", now);
      const refunds = await openBondRefunds(tx, ctx, lot.id, (b) => (b.id === winner.bidId ? null : refundDueAt));
      const orgIds = [...new Set(refunds.map((r) => r.bidderOrgId))];
      if (orgIds.length > 0) {
        await notify(tx, {
          recipients: { orgIds, role: "BIDDER" },
          template: "award:notify.refundDueAtAward",
          params: { lot: lotLabel(lot), dueAt: refundDueAt },
          channels: ["inapp"],
          entity: { type: "Lot", id: lot.id },
          link: `/bidder/lots/${lot.id}`,
          dedupeKey: `refund-due-award-${lot.id}`,
        });
      }
    }
    await scheduleLotTransitions(tx, lot.id, now);
    return { award, notices: created, announcementId: announcement.id };
  });
}
